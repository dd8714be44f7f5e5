import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { ContractEvent } from '@pfw/domain';
import { EventSerializer, PersonalDataTransformer, PersonalDataUnavailableError } from '@pfw/event-serialization';
import { SqliteEventStore } from '@pfw/event-store';
import {
  assertMasterKeyMatches, ContractKeyPayloadProtector, DEFAULT_MASTER_KEY_FILE, loadMasterKey, MasterKeyError, PersonalDataShreddedError, SqlDataKeyStore,
  type MasterKey, PERSONAL_DATA_MIGRATIONS,
} from '@pfw/personal-data';
import { contractsProjection, migrateReadModels, ProjectionRunner, READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { CONTRACT_ID, run, cmd } from '../../domain/test/support/fixtures';
import { backends, type TestDatabase } from '../../read-models/test/support/backends';
import { capturingLogger } from '../../read-models/test/support/logger';
import { untilFailures, untilState } from '../../read-models/test/support/runner';

/** The key store's tables, and the contracts projection's checkpoint for the tests that run it. */
const KEY_STORE_AND_PROJECTION_MIGRATIONS = { ...READ_MODELS_MIGRATIONS, ...PERSONAL_DATA_MIGRATIONS };

const masterKey = (): MasterKey => {
  const key = randomBytes(32);
  return { key, id: loadMasterKeyId(key), path: '(test)', created: false };
};
function loadMasterKeyId(key: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pfw-mk-'));
  try {
    const file = join(dir, 'k');
    writeFileSync(file, key.toString('base64'));
    return loadMasterKey({ dataDir: dir, keyFile: file }).id;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('master key (DATA_KEY_FILE)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pfw-mk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once under DATA_DIR with mode 0600 and read back the same; a configured file must exist and hold 32 bytes', () => {
    // The read-only cli never creates one.
    expect(() => loadMasterKey({ dataDir: dir, create: false })).toThrow(/no personal-data master key at .*DATA_KEY_FILE/);
    const first = loadMasterKey({ dataDir: dir });
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dir, DEFAULT_MASTER_KEY_FILE));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ dataDir: dir });
    expect(again).toMatchObject({ created: false, id: first.id });
    expect(again.key.equals(first.key)).toBe(true);
    expect(() => loadMasterKey({ dataDir: dir, keyFile: join(dir, 'absent.key') })).toThrow(MasterKeyError);
    const hexFile = join(dir, 'hex.key');
    writeFileSync(hexFile, `${first.key.toString('hex')}\n`);
    expect(loadMasterKey({ dataDir: dir, keyFile: hexFile }).id).toBe(first.id);
    writeFileSync(hexFile, 'too short');
    expect(() => loadMasterKey({ dataDir: dir, keyFile: hexFile })).toThrow(/32 bytes/);
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.key.toString('base64'));
  });
});

describe.each(backends())('SqlDataKeyStore on %s', (_name, backend) => {
  let t: TestDatabase;
  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    await migrateReadModels(t.db, KEY_STORE_AND_PROJECTION_MIGRATIONS);
  });
  afterEach(() => t.dispose());

  it('creates one key per contract, stored wrapped (never the raw key), and answers the same key to every reader', async () => {
    const master = masterKey();
    const keys = new SqlDataKeyStore(t.db, master);
    const a = await keys.keyForWrite('contract-a');
    expect(a).not.toBeNull();
    expect(await keys.keyForWrite('contract-a')).toEqual(a);
    const other = new SqlDataKeyStore(t.db, master);
    expect(await other.keyForRead('contract-a')).toEqual({ state: 'active', key: a });
    expect(await other.keyForRead('contract-b')).toEqual({ state: 'missing' });
    const rows = await t.db.withTables<any>().selectFrom('personal_data_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].master_key_id).toBe(master.id);
    expect(Buffer.from(rows[0].wrapped_key, 'base64').includes(Buffer.from(a!))).toBe(false);
  });

  it('destroy deletes the row and leaves a tombstone: reads say destroyed (not missing), writes get no key, again is a no-op', async () => {
    const keys = new SqlDataKeyStore(t.db, masterKey());
    await keys.keyForWrite('contract-a');
    expect(await keys.destroy('contract-a', 'saga:rejection')).toEqual({ deleted: true, alreadyDestroyed: false });
    expect(await keys.destroy('contract-a', 'saga:rejection')).toEqual({ deleted: false, alreadyDestroyed: true });
    expect(await keys.keyForRead('contract-a')).toMatchObject({ state: 'destroyed' });
    expect(await keys.keyForWrite('contract-a')).toBeNull();
    expect(await t.db.withTables<any>().selectFrom('personal_data_keys').selectAll().execute()).toEqual([]);
    const tombs = await t.db.withTables<any>().selectFrom('personal_data_key_tombstones').selectAll().execute();
    expect(tombs).toEqual([expect.objectContaining({ contract_id: 'contract-a', destroyed_by: 'saga:rejection' })]);
    // Another process (its own cache) sees the destruction too.
    expect(await new SqlDataKeyStore(t.db, masterKey()).keyForRead('contract-a')).toMatchObject({ state: 'destroyed' });
    expect(await keys.checkpoint()).toMatchObject({ database: backend.name });
  });

  it('given a bounded cache, when keys are read, then the least recently used one goes first; a destruction in this process is seen at once', async () => {
    const master = masterKey();
    const writer = new SqlDataKeyStore(t.db, master);
    for (const id of ['contract-a', 'contract-b', 'contract-c', 'contract-d']) await writer.keyForWrite(id);
    const reader = new SqlDataKeyStore(t.db, master, { cacheSize: 2, cacheTtlMs: 3_600_000 });
    await reader.keyForRead('contract-a');
    await reader.keyForRead('contract-b');
    await reader.keyForRead('contract-a'); // a hit: a is now the most recently used
    await reader.keyForRead('contract-c'); // evicts b, not a
    // Another process destroys a and b: this reader still holds a (within its TTL), but must read b again.
    await writer.destroy('contract-a', 'saga:rejection');
    await writer.destroy('contract-b', 'saga:rejection');
    expect(await reader.keyForRead('contract-a')).toMatchObject({ state: 'active' });
    expect(await reader.keyForRead('contract-b')).toMatchObject({ state: 'destroyed' });
    // Destroyed here: no cached key survives it.
    await reader.keyForRead('contract-c');
    await reader.destroy('contract-c', 'saga:rejection');
    expect(await reader.keyForRead('contract-c')).toMatchObject({ state: 'destroyed' });
    expect(await reader.keyForWrite('contract-c')).toBeNull();
    // A second reader with an unbounded cache still answers d as the store has it.
    expect(await new SqlDataKeyStore(t.db, master).keyForRead('contract-d')).toMatchObject({ state: 'active' });
  });

  it('a wrong master key is a typed error naming both key ids; a wrapped key moved to another contract does not unwrap', async () => {
    const right = masterKey();
    await new SqlDataKeyStore(t.db, right).keyForWrite('contract-a');
    const wrong = masterKey();
    const error = await new SqlDataKeyStore(t.db, wrong).keyForRead('contract-a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalDataUnavailableError);
    expect(error).toMatchObject({ reason: 'KEY_UNREADABLE', contractId: 'contract-a' });
    expect((error as Error).message).toContain(right.id);
    expect((error as Error).message).toContain(wrong.id);
    // Same master id but a forged key (a wrong key file that happens to claim the id): the GCM tag refuses it.
    await expect(new SqlDataKeyStore(t.db, { ...wrong, id: right.id }).keyForRead('contract-a')).rejects.toMatchObject({ reason: 'KEY_UNREADABLE' });
    const row = await t.db.withTables<any>().selectFrom('personal_data_keys').selectAll().executeTakeFirstOrThrow();
    await t.db.withTables<any>().insertInto('personal_data_keys').values({ ...row, contract_id: 'contract-b' }).execute();
    await expect(new SqlDataKeyStore(t.db, right).keyForRead('contract-b')).rejects.toMatchObject({ reason: 'KEY_UNREADABLE' });
  });

  it('a process whose master key is not the store\'s refuses to start; a lost default key file is not replaced by a new one', async () => {
    const right = masterKey();
    await new SqlDataKeyStore(t.db, right).keyForWrite('contract-a');
    await new SqlDataKeyStore(t.db, right).keyForWrite('contract-b');
    expect(await new SqlDataKeyStore(t.db, right).foreignMasterKeys()).toEqual([]);
    expect(() => assertMasterKeyMatches(right, [])).not.toThrow();

    const wrong = masterKey();
    const foreign = await new SqlDataKeyStore(t.db, wrong).foreignMasterKeys();
    expect(foreign).toEqual([{ masterKeyId: right.id, keys: 2 }]);
    expect(() => assertMasterKeyMatches(wrong, foreign)).toThrow(new RegExp(`2 under ${right.id}.*${wrong.id}.*wrong DATA_KEY_FILE`));

    // The default file was lost: this start created a new key. It is refused and removed, so the lost file can
    // be put back and nothing was silently replaced.
    const dir = mkdtempSync(join(tmpdir(), 'pfw-mk-'));
    try {
      const created = loadMasterKey({ dataDir: dir });
      expect(created.created).toBe(true);
      const theirs = await new SqlDataKeyStore(t.db, created).foreignMasterKeys();
      expect(() => assertMasterKeyMatches(created, theirs)).toThrow(/was missing, but the key store holds data keys wrapped under another master key .*restore that file/);
      expect(existsSync(created.path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the outbox protector seals with the contract key; after destruction it refuses to seal or open (typed errors)', async () => {
    const keys = new SqlDataKeyStore(t.db, masterKey());
    const protector = new ContractKeyPayloadProtector(keys);
    const message = new TextEncoder().encode('{"recipient":"山田太郎 <taro@example.co.jp>"}');
    const sealed = await protector.seal('contract-a', message);
    expect(Buffer.from(sealed).includes(Buffer.from('taro@example.co.jp'))).toBe(false);
    expect(Buffer.from(await protector.open('contract-a', sealed))).toEqual(Buffer.from(message));
    await expect(protector.open('contract-b', sealed)).rejects.toBeInstanceOf(PersonalDataUnavailableError);
    await keys.destroy('contract-a', 'test');
    await expect(protector.open('contract-a', sealed)).rejects.toBeInstanceOf(PersonalDataShreddedError);
    await expect(protector.seal('contract-a', message)).rejects.toBeInstanceOf(PersonalDataShreddedError);
  });
});

describe('a lost key on read: the contracts projection stops in a failure state with a clear message, the process goes on', () => {
  let dir: string;
  let store: SqliteEventStore;
  let t: TestDatabase;
  const [backendName, backend] = backends()[0]!;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-pd-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    t = await backend.open();
    await migrateReadModels(t.db, KEY_STORE_AND_PROJECTION_MIGRATIONS);
  });
  afterEach(async () => {
    await store.close();
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`on ${backendName}: KEY_MISSING names the contract, event and field; the runner retries (failed), nothing throws out of it`, async () => {
    // Its own connection, as the module opens it: the projection decodes inside its batch's transaction.
    const keys = SqlDataKeyStore.open(t.config, masterKey(), { cacheTtlMs: 0 });
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const events: ContractEvent[] = run([cmd.submit(), cmd.fail()]);
    const stream = `contract-${CONTRACT_ID}`;
    const data = await Promise.all(events.map(async (e) => {
      const envelope = { eventId: randomUUID(), actor: { id: 's', role: 'SCREENER' as const }, correlationId: 'c', causationId: null, commandName: 'Test', occurredAt: new Date(), termsVersion: '1' };
      return { id: envelope.eventId, ...(await serializer.encode(e, envelope, stream)) };
    }));
    await store.append(stream, data, 'no_stream');
    // The key store loses the key without a record of its destruction (restored from a backup, say).
    await sql`delete from personal_data_keys`.execute(t.db);

    const logger = capturingLogger();
    const runner = new ProjectionRunner({ db: t.db, store, projection: contractsProjection({ serializer }), logger, retry: { initialDelayMs: 20, maxDelayMs: 40 } });
    runner.start();
    try {
      await untilFailures(runner, 2);
      const status = runner.status();
      expect(status.state).toBe('failed');
      expect(status.failure!.message).toMatch(new RegExp(`personal data of contract ${CONTRACT_ID} is unavailable in ApplicationSubmitted .* at data\\.applicant\\.\\w+.*KEY_MISSING`));
      expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('KEY_MISSING'))).toBe(true);
    } finally {
      await runner.stop();
    }
    // A shredded contract is not this error: with the tombstone the same events fold, the fields null.
    await keys.destroy(CONTRACT_ID, 'test');
    const again = new ProjectionRunner({ db: t.db, store, projection: contractsProjection({ serializer }), logger, retry: { initialDelayMs: 20, maxDelayMs: 40 } });
    again.start();
    try {
      await untilState(again, 'live');
      const row = await t.db.withTables<any>().selectFrom('contracts').select('view').executeTakeFirstOrThrow();
      const view = JSON.parse(row.view);
      expect(view).toMatchObject({ status: 'REJECTED', personalDataShredded: true, applicant: { organizationName: null, contact: { email: null } } });
    } finally {
      await again.stop();
      await keys.close();
    }
  });
});
