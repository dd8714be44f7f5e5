/**
 * The EventStoreDB adapter's edges: what it refuses in a connection string, how each client error becomes the
 * port's typed error, what it retries, and that `ping`/`headPosition` give up on a node that never answers.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Metadata, status } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  NotLeaderError as EsdbNotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EsdbEventStore,
  EventStoreAccessDeniedError,
  EventStoreConfigError,
  EventStoreDeadlineExceededError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '@pfw/event-store';
import { createEsdbDoubleSecurity, startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { redactConnectionString } from '../src/esdb/connection';
import { mapEsdbError, withRetry } from '../src/esdb/esdb-errors';

const serviceError = (code: status, details: string, trailers: Record<string, string> = {}) => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(trailers)) metadata.set(k, v);
  return Object.assign(new Error(details), { code, details, metadata });
};

describe('EventStoreDB adapter: connection strings', () => {
  it('refuses throwOnAppendFailure=false (a refused append would look written), without showing the password', () => {
    const attempt = () => new EsdbEventStore({ connectionString: 'esdb://admin:changeit@127.0.0.1:2113?tls=false&throwOnAppendFailure=false' });
    expect(attempt).toThrow(EventStoreConfigError);
    expect(attempt).toThrow(/throwOnAppendFailure=false/);
    expect(attempt).not.toThrow(/changeit/);
  });

  it('names an unparsable connection string without its password', () => {
    const attempt = () => new EsdbEventStore({ connectionString: 'esdb://admin:changeit@127.0.0.1:notaport' });
    expect(attempt).toThrow(EventStoreConfigError);
    expect(attempt).toThrow('esdb://admin:***@127.0.0.1:notaport');
  });

  it('redacts only the password', () => {
    expect(redactConnectionString('esdb+discover://ops:s3cr%40t@cluster.example:2113?tlsCAFile=/ca.crt')).toBe(
      'esdb+discover://ops:***@cluster.example:2113?tlsCAFile=/ca.crt',
    );
    expect(redactConnectionString('esdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
  });
});

describe('EventStoreDB adapter: client errors as the port typed errors', () => {
  it('maps a wrong expected version to WrongExpectedRevisionError with the actual revision', () => {
    const err = new EsdbWrongExpectedVersionError(undefined, { streamName: 's', expected: 3n, current: 5n });
    expect(mapEsdbError(err, 's', 3)).toMatchObject({ constructor: WrongExpectedRevisionError, streamId: 's', expected: 3, actual: 5 });
  });

  it('maps a tombstoned stream to StreamDeletedError', () => {
    expect(mapEsdbError(new EsdbStreamDeletedError(undefined, 'gone'), 'gone')).toEqual(new StreamDeletedError('gone'));
  });

  it('maps the maximum append size to MaxAppendSizeExceededError with the limit', () => {
    const mapped = mapEsdbError(new EsdbMaxAppendSizeExceededError(undefined, 1_048_576), 'big');
    expect(mapped).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(mapped).toMatchObject({ streamId: 'big', maxAppendSize: 1_048_576 });
  });

  it('maps NotLeader to NotLeaderError (an unavailability) with the leader the node named', () => {
    const err = new EsdbNotLeaderError(
      serviceError(status.NOT_FOUND, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': '10.0.0.2', 'leader-endpoint-port': '2113' }),
    );
    const mapped = mapEsdbError(err);
    expect(mapped).toBeInstanceOf(NotLeaderError);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as NotLeaderError).leader).toEqual({ host: '10.0.0.2', port: 2113 });
  });

  it('maps access denied (and UNAUTHENTICATED) to EventStoreAccessDeniedError', () => {
    expect(mapEsdbError(new AccessDeniedError(serviceError(status.PERMISSION_DENIED, 'Access denied', { exception: 'access-denied' })))).toBeInstanceOf(
      EventStoreAccessDeniedError,
    );
    expect(mapEsdbError(new AccessDeniedError(serviceError(status.UNAUTHENTICATED, 'Bad credentials')))).toBeInstanceOf(EventStoreAccessDeniedError);
  });

  it('maps a deadline to EventStoreDeadlineExceededError and unavailability to EventStoreUnavailableError', () => {
    expect(mapEsdbError(new DeadlineExceededError(serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded')))).toBeInstanceOf(EventStoreDeadlineExceededError);
    expect(mapEsdbError(new UnavailableError(serviceError(status.UNAVAILABLE, 'No connection established')))).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapEsdbError(serviceError(status.UNAVAILABLE, 'connect ECONNREFUSED'))).toBeInstanceOf(EventStoreUnavailableError);
  });
});

describe('EventStoreDB adapter: bounded retries', () => {
  const policy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 4 };
  const notLeader = () =>
    new EsdbNotLeaderError(serviceError(status.NOT_FOUND, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': 'b', 'leader-endpoint-port': '2113' }));

  it('retries NotLeader and unavailability until it succeeds', async () => {
    const failures = [notLeader(), new UnavailableError(serviceError(status.UNAVAILABLE, 'down'))];
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'written';
    }, policy, () => false);
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after the bounded number of attempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw notLeader();
      }, policy, () => false),
    ).rejects.toBeInstanceOf(EsdbNotLeaderError);
    expect(calls).toBe(4);
  });

  it('does not retry what a retry cannot cure', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new EsdbStreamDeletedError(undefined, 's');
      }, policy, () => false),
    ).rejects.toBeInstanceOf(EsdbStreamDeletedError);
    expect(calls).toBe(1);
  });
});

describe('EventStoreDB adapter: a node that accepts connections but never answers', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();
  let store: EsdbEventStore;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  beforeEach(() => {
    store = new EsdbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, answerTimeoutMs: 300 });
  });
  afterEach(async () => {
    await store.close();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails ping with EventStoreDeadlineExceededError instead of hanging', async () => {
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreDeadlineExceededError);
  });

  it('fails headPosition with EventStoreDeadlineExceededError instead of hanging', async () => {
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreDeadlineExceededError);
  });
});

describe('EventStoreDB adapter: a secure node refusing credentials', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble({ security: await createEsdbDoubleSecurity({ admin: 'changeit' }) });
  });
  afterAll(async () => {
    await double.stop();
  });

  const attempt = async (connectionString: string) => {
    const store = new EsdbEventStore({ connectionString });
    try {
      return await store.append(`secure-${randomUUID()}`, [{ id: randomUUID(), type: 'Tried', data: {}, metadata: {} }], 'no_stream');
    } finally {
      await store.close();
    }
  };

  it('writes with the right credentials over TLS', async () => {
    expect((await attempt(double.url)).nextExpectedRevision).toBe(0);
  });

  it('answers a wrong password with EventStoreAccessDeniedError, not retried and without the password', async () => {
    const err = await attempt(double.url.replace('admin:changeit@', 'admin:wrong-pass@')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventStoreAccessDeniedError);
    expect(String((err as Error).message)).not.toContain('wrong-pass');
  });

  it('answers a call without credentials with EventStoreAccessDeniedError', async () => {
    await expect(attempt(double.url.replace('admin:changeit@', ''))).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
  });
});

describe('EventStoreDB adapter: errors over the wire from a 24.10 node', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  beforeAll(async () => {
    double = await startEsdbDouble();
    store = new EsdbEventStore({ connectionString: double.url });
  });
  afterAll(async () => {
    await store.close();
    await double.stop();
  });

  it('reports a tombstoned stream as StreamDeletedError on append and on read', async () => {
    const streamId = `tombstoned-${randomUUID()}`;
    await store.append(streamId, [{ id: randomUUID(), type: 'Once', data: {}, metadata: {} }], 'no_stream');
    const client = EventStoreDBClient.connectionString(double.url);
    try {
      await client.tombstoneStream(streamId);
    } finally {
      await client.dispose();
    }
    await expect(store.append(streamId, [{ id: randomUUID(), type: 'Again', data: {}, metadata: {} }], 'any')).rejects.toEqual(new StreamDeletedError(streamId));
    await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('reports an append over the 1 MiB limit as MaxAppendSizeExceededError, writing nothing', async () => {
    const streamId = `big-${randomUUID()}`;
    const big = { blob: 'x'.repeat(1_100_000) };
    const err = await store.append(streamId, [{ id: randomUUID(), type: 'Big', data: big, metadata: {} }], 'no_stream').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(store.readStream(streamId)).rejects.toThrow(/not found/);
  });
});

describe('EventStoreDB adapter: the server drops a live subscriber that fell behind ("consumer too slow")', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  beforeAll(async () => {
    double = await startEsdbDouble();
    store = new EsdbEventStore({ connectionString: double.url, reconnectBackoff: { initialMs: 20, maxMs: 200 } });
  });
  afterAll(async () => {
    await store.close();
    await double.stop();
  });

  it('resubscribes after the last event it received: nothing lost, nothing twice', async () => {
    const prefix = `slow-${randomUUID().slice(0, 8)}-`;
    const head = await store.headPosition();
    const sub = store.subscribeToAll({ fromPosition: head ?? 'start', filter: { streamPrefixes: [prefix] } });
    const iterator = sub[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      for (;;) {
        const { value } = await iterator.next();
        if (value?.kind === 'event') return value.event.id;
      }
    };
    try {
      const ids: string[] = [];
      const delivered: string[] = [];
      for (let round = 0; round < 3; round++) {
        const id = randomUUID();
        ids.push(id);
        await store.append(`${prefix}s`, [{ id, type: 'Live', data: { round }, metadata: {} }], round === 0 ? 'no_stream' : round - 1);
        delivered.push(await next());
        // The resubscribed reader may still be catching up: drop it once it is live again.
        let dropped = 0;
        for (let tries = 0; dropped === 0 && tries < 200; tries++) {
          dropped = double.dropSlowSubscribers();
          if (dropped === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(dropped).toBe(1);
      }
      const last = randomUUID();
      ids.push(last);
      await store.append(`${prefix}s`, [{ id: last, type: 'Live', data: {}, metadata: {} }], 2);
      delivered.push(await next());
      expect(delivered).toEqual(ids);
    } finally {
      await sub.close();
    }
  });
});
