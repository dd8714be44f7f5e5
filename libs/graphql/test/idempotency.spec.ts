import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { migrateReadModels, READ_MODEL_DB } from '@pfw/read-models';
import { tableExists } from '@pfw/sql';
import {
  IDEMPOTENCY_MIGRATION_TABLE,
  IdempotencyModule,
  IdempotencyRetention,
  IdempotencyService,
  inputDigest,
  migrateIdempotencyStore,
  type IdempotencyTables,
} from '../src/idempotency';
import { backends, type TestDatabase } from '../../read-models/test/support/backends';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';

/** A promise to resolve by hand: holds a first call open while others arrive. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** What a rejection carries as API.md's error: its code and field. */
async function apiErrorOf(promise: Promise<unknown>): Promise<{ code: unknown; field: unknown; message: string }> {
  const err = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  const { extensions, message } = err as GraphQLError;
  return { code: extensions.code, field: extensions.field, message };
}

describe('inputDigest (RFC 8785 canonical JSON, without clientMutationId)', () => {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('is the SHA-256 of the canonical JSON', () => {
    expect(inputDigest({ b: 1, a: 'x', c: { z: [1, 2.5, 'é'], y: null } })).toBe(sha('{"a":"x","b":1,"c":{"y":null,"z":[1,2.5,"é"]}}'));
  });

  it('ignores key order, undefined properties and the top-level clientMutationId', () => {
    const a = inputDigest({ contractId: 'c1', note: 'n', clientMutationId: 'k1' });
    expect(inputDigest({ note: 'n', contractId: 'c1' })).toBe(a);
    expect(inputDigest({ note: 'n', contractId: 'c1', extra: undefined, clientMutationId: 'other' })).toBe(a);
  });

  it('sees every other difference, nested ones and null versus absent included', () => {
    const base = inputDigest({ a: { b: [1, 2] } });
    expect(inputDigest({ a: { b: [2, 1] } })).not.toBe(base);
    expect(inputDigest({ a: { b: [1, 2] }, c: null })).not.toBe(base);
    expect(inputDigest({ a: { b: [1, '2'] } })).not.toBe(base);
    // Only the top level's clientMutationId is the key; a nested one is data.
    expect(inputDigest({ a: { b: [1, 2], clientMutationId: 'x' } })).not.toBe(base);
  });

  it('reads Dates as ISO instants and bigints as decimal strings, like the JSON the client sent', () => {
    expect(inputDigest({ at: new Date('2026-01-02T03:04:05.000Z'), amount: 12345678901234567890n })).toBe(
      sha('{"amount":"12345678901234567890","at":"2026-01-02T03:04:05.000Z"}'),
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => inputDigest({ n: Number.NaN })).toThrow(TypeError);
    expect(() => inputDigest({ d: new Date('nope') })).toThrow(TypeError);
  });
});

describe.each(backends())('IdempotencyService on %s', (_name, backend) => {
  let t: TestDatabase;
  let service: IdempotencyService;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    service = new IdempotencyService(t.db);
    await service.ready();
  });
  afterEach(() => t.dispose());

  /** A mutation that counts its runs and answers what it is told. */
  const counter = <A>(answer: A) => {
    const fn = jest.fn(async () => answer);
    return fn;
  };
  const rows = () => t.db.withTables<IdempotencyTables>().selectFrom('idempotency_keys').selectAll().execute();
  /** Resolves once a first call has claimed the key (its row exists): no guessing with sleeps. */
  const claimed = async (key: string) => {
    while (!(await rows()).some((r) => r.client_mutation_id === key)) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('creates its table with migrations of its own, next to the read models\' (running both again is a no-op)', async () => {
    expect(await tableExists(t.db, 'idempotency_keys')).toBe(true);
    expect(await tableExists(t.db, IDEMPOTENCY_MIGRATION_TABLE)).toBe(true);
    await migrateReadModels(t.db, DATABASE_MIGRATIONS);
    expect(await migrateIdempotencyStore(t.db)).toEqual([]);
    expect(await tableExists(t.db, 'projection_checkpoints')).toBe(true);
  });

  it('without a key just executes, every time, and stores nothing', async () => {
    const execute = counter({ n: 1 });
    await service.run('suspendService', null, { reason: 'r' }, 'staff-1', execute);
    await service.run('suspendService', undefined, { reason: 'r' }, 'staff-1', execute);
    expect(execute).toHaveBeenCalledTimes(2);
    expect(await rows()).toEqual([]);
  });

  it('the same key and input again returns the first answer without executing', async () => {
    const first = counter({ contractId: 'c-1', position: '42', nested: { list: [1, 'a', null] } });
    const answer1 = await service.run('submitApplication', 'key-1', { webServerFqdn: 'www.example.co.jp', planMonths: 12 }, 'staff-1', first);
    const second = counter({ contractId: 'c-2', position: '43' });
    const answer2 = await service.run('submitApplication', 'key-1', { planMonths: 12, webServerFqdn: 'www.example.co.jp' }, 'staff-1', second);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    expect(answer1).toEqual({ contractId: 'c-1', position: '42', nested: { list: [1, 'a', null] } });
    expect(answer2).toEqual(answer1);

    const [row] = await rows();
    expect(row).toMatchObject({
      client_mutation_id: 'key-1',
      operation: 'submitApplication',
      principal_id: 'staff-1',
      input_digest: inputDigest({ webServerFqdn: 'www.example.co.jp', planMonths: 12 }),
      claim_token: null,
    });
    expect(JSON.parse(row!.answer!)).toEqual(answer1);
    expect(row!.completed_at).toEqual(expect.stringMatching(/Z$/));
  });

  it('ignores a clientMutationId left inside the input', async () => {
    await service.run('withdrawApplication', 'key-2', { contractId: 'c', clientMutationId: 'key-2' }, 'staff-1', counter({ ok: true }));
    const again = counter({ ok: false });
    await expect(service.run('withdrawApplication', 'key-2', { contractId: 'c' }, 'staff-1', again)).resolves.toEqual({ ok: true });
    expect(again).not.toHaveBeenCalled();
  });

  it('answers the JSON form on the first call and on retries alike (bigints and Dates as strings)', async () => {
    const at = new Date('2026-05-01T00:00:00.000Z');
    const first = await service.run('recordPayment', 'key-3', { amountJpy: 1000 }, 'staff-b', async () => ({ position: 12n, at }));
    const again = await service.run('recordPayment', 'key-3', { amountJpy: 1000 }, 'staff-b', counter({}));
    expect(first).toEqual({ position: '12', at: '2026-05-01T00:00:00.000Z' });
    expect(again).toEqual(first);
  });

  it.each([
    ['a different input', 'submitApplication', { planMonths: 24 }, 'staff-1', 'different input'],
    ['another operation', 'withdrawApplication', { planMonths: 12 }, 'staff-1', 'another operation'],
    ['another caller', 'submitApplication', { planMonths: 12 }, 'staff-2', 'another caller'],
  ])('the same key with %s → IDEMPOTENCY_CONFLICT on input.clientMutationId, nothing executed', async (_case, operation, input, principal, words) => {
    await service.run('submitApplication', 'key-4', { planMonths: 12 }, 'staff-1', counter({ contractId: 'c-1' }));
    const execute = counter({ contractId: 'c-2' });
    const refusal = await apiErrorOf(service.run(operation, 'key-4', input, principal, execute));
    expect(refusal).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'input.clientMutationId' });
    expect(refusal.message).toContain(words);
    expect(execute).not.toHaveBeenCalled();
    expect(await rows()).toHaveLength(1);
  });

  it('a failed first call saves nothing: the error propagates and a retry with the key runs again', async () => {
    const refused = new GraphQLError('Art. 6: suspended', { extensions: { code: 'RULE_VIOLATION' } });
    await expect(service.run('requestReissue', 'key-5', { contractId: 'c' }, 'staff-o', async () => Promise.reject(refused))).rejects.toBe(refused);
    expect(await rows()).toEqual([]);
    const retry = counter({ position: '7' });
    await expect(service.run('requestReissue', 'key-5', { contractId: 'c' }, 'staff-o', retry)).resolves.toEqual({ position: '7' });
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('concurrent first calls with one key in one process: one executes, the others wait for its answer', async () => {
    const hold = gate();
    let runs = 0;
    const execute = async () => {
      runs += 1;
      await hold.promise;
      return { contractId: `c-${runs}` };
    };
    const calls = Array.from({ length: 5 }, () => service.run('submitApplication', 'key-6', { planMonths: 12 }, 'staff-1', execute));
    // Let every call reach the store before the first one answers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    hold.open();
    const answers = await Promise.all(calls);
    expect(runs).toBe(1);
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ contractId: 'c-1' })));
  });

  it('a concurrent call with the same key but another input is refused at once, while the first still runs', async () => {
    const hold = gate();
    const first = service.run('submitApplication', 'key-7', { planMonths: 12 }, 'staff-1', async () => {
      await hold.promise;
      return { contractId: 'c-1' };
    });
    await claimed('key-7');
    const refusal = await apiErrorOf(service.run('submitApplication', 'key-7', { planMonths: 36 }, 'staff-1', counter({})));
    expect(refusal.code).toBe('IDEMPOTENCY_CONFLICT');
    hold.open();
    await expect(first).resolves.toEqual({ contractId: 'c-1' });
  });

  it('a first call running in another process (another service on the database): the retry polls until it answers', async () => {
    const other = new IdempotencyService(t.db, { pollIntervalMs: 10 });
    const hold = gate();
    const first = service.run('recordPayment', 'key-8', { amountJpy: 5 }, 'staff-b', async () => {
      await hold.promise;
      return { position: '99' };
    });
    await claimed('key-8');
    const execute = counter({ position: 'other' });
    const second = other.run('recordPayment', 'key-8', { amountJpy: 5 }, 'staff-b', execute);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let it poll a few times
    hold.open();
    await expect(Promise.all([first, second])).resolves.toEqual([{ position: '99' }, { position: '99' }]);
    expect(execute).not.toHaveBeenCalled();
  });

  it('a first call that fails in another process lets the waiting retry run it', async () => {
    const other = new IdempotencyService(t.db, { pollIntervalMs: 10 });
    const hold = gate();
    const first = service.run('recordPayment', 'key-9', { amountJpy: 5 }, 'staff-b', async () => {
      await hold.promise;
      throw new Error('CA unreachable');
    });
    await claimed('key-9');
    const second = other.run('recordPayment', 'key-9', { amountJpy: 5 }, 'staff-b', async () => ({ position: '100' }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    hold.open();
    await expect(first).rejects.toThrow('CA unreachable');
    await expect(second).resolves.toEqual({ position: '100' });
  });

  it('waits only so long for a first call that does not answer (CONCURRENCY_CONFLICT, retryable)', async () => {
    const impatient = new IdempotencyService(t.db, { pollIntervalMs: 10, waitTimeoutMs: 100 });
    const hold = gate();
    const first = service.run('recordPayment', 'key-10', { amountJpy: 5 }, 'staff-b', async () => {
      await hold.promise;
      return { position: '1' };
    });
    await claimed('key-10');
    const execute = counter({});
    const refusal = await apiErrorOf(impatient.run('recordPayment', 'key-10', { amountJpy: 5 }, 'staff-b', execute));
    expect(refusal).toMatchObject({ code: 'CONCURRENCY_CONFLICT', field: 'input.clientMutationId' });
    expect(execute).not.toHaveBeenCalled();
    hold.open();
    await first;
  });

  it('takes over the claim of a first call whose process died (older than the lease)', async () => {
    const long = new Date('2026-01-01T00:00:00.000Z').toISOString();
    await t.db
      .withTables<IdempotencyTables>()
      .insertInto('idempotency_keys')
      .values({
        client_mutation_id: 'key-11',
        operation: 'recordPayment',
        principal_id: 'staff-b',
        input_digest: inputDigest({ amountJpy: 5 }),
        answer: null,
        created_at: long,
        completed_at: null,
        claim_token: 'dead-process',
        claimed_at: long,
      })
      .execute();
    const execute = counter({ position: '5' });
    await expect(service.run('recordPayment', 'key-11', { amountJpy: 5 }, 'staff-b', execute)).resolves.toEqual({ position: '5' });
    expect(execute).toHaveBeenCalledTimes(1);
    expect((await rows())[0]).toMatchObject({ claim_token: null, created_at: long });
  });

  it('keeps the answers across a restart', async () => {
    await service.run('suspendService', 'key-12', { reason: 'maintenance' }, 'staff-a', counter({ position: '3' }));
    const db = await t.reopen();
    const restarted = new IdempotencyService(db);
    const execute = counter({ position: 'again' });
    await expect(restarted.run('suspendService', 'key-12', { reason: 'maintenance' }, 'staff-a', execute)).resolves.toEqual({ position: '3' });
    expect(execute).not.toHaveBeenCalled();
  });

  it('IdempotencyModule.forRoot provides the service over READ_MODEL_DB, its table created at start', async () => {
    await t.db.schema.dropTable('idempotency_keys').execute();
    await t.db.schema.dropTable(IDEMPOTENCY_MIGRATION_TABLE).execute();
    @Global()
    @Module({ providers: [{ provide: READ_MODEL_DB, useValue: t.db }], exports: [READ_MODEL_DB] })
    class FakeReadModels {}
    const moduleRef = await Test.createTestingModule({ imports: [FakeReadModels, IdempotencyModule.forRoot()] }).compile();
    await moduleRef.init();
    expect(await tableExists(t.db, 'idempotency_keys')).toBe(true);
    const fromNest = moduleRef.get(IdempotencyService);
    await fromNest.run('resumeService', 'key-13', {}, 'staff-a', counter({ position: '8' }));
    await expect(fromNest.run('resumeService', 'key-13', {}, 'staff-a', counter({ position: '9' }))).resolves.toEqual({ position: '8' });
    await moduleRef.close();
  });

  it('refuses an empty or oversized key as BAD_USER_INPUT', async () => {
    for (const key of ['', 'k'.repeat(201)]) {
      const refusal = await apiErrorOf(service.run('suspendService', key, {}, 'staff-a', counter({})));
      expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.clientMutationId' });
    }
  });

  it('purges completed keys older than a date, and only those', async () => {
    let now = new Date('2026-01-01T00:00:00.000Z');
    const clocked = new IdempotencyService(t.db, { now: () => now });
    await clocked.run('suspendService', 'old', {}, 'staff-a', counter({}));
    now = new Date('2026-03-01T00:00:00.000Z');
    await clocked.run('suspendService', 'new', {}, 'staff-a', counter({}));
    expect(await clocked.purgeCompletedBefore(new Date('2026-02-01T00:00:00.000Z'))).toBe(1);
    expect((await rows()).map((r) => r.client_mutation_id)).toEqual(['new']);
  });

  it('security review, finding 7: records older than the retention (30 days) are purged at start, newer ones kept', async () => {
    let now = new Date('2026-01-01T00:00:00.000Z');
    const clocked = new IdempotencyService(t.db, { now: () => now });
    await clocked.run('suspendService', 'old', {}, 'staff-a', counter({}));
    now = new Date('2026-01-20T00:00:00.000Z');
    await clocked.run('suspendService', 'recent', {}, 'staff-a', counter({}));
    now = new Date('2026-02-05T00:00:00.000Z');
    const retention = new IdempotencyRetention(clocked, { retentionDays: 30, now: () => now });
    retention.onApplicationBootstrap();
    await retention.onApplicationShutdown();
    expect((await rows()).map((r) => r.client_mutation_id)).toEqual(['recent']);
  });
});
