import { Deciders, ServiceStateReader, type StreamCommandExecutor } from '@pfw/application';
import { DEFAULT_POLICY, initialServiceState, type ServiceState } from '@pfw/domain';

/** Art. 6, 13: the service facts commands decide on, cached from the service stream. */
describe('ServiceStateReader', () => {
  const running = initialServiceState(DEFAULT_POLICY);
  const suspended: ServiceState = { ...running, suspended: true, suspensionReason: 'CA outage', suspendedSince: new Date('2026-12-01T00:00:00Z') };
  const at = new Date('2026-12-02T00:00:00Z');

  /** A stream that reads as `current` at `revision`; counts the reads. */
  function setUp(maxAgeMs = 1_000) {
    const stream = { current: running, revision: 0 as number | 'no_stream', reads: 0 };
    const executor = {
      async load() {
        stream.reads += 1;
        return { state: stream.current, revision: stream.revision };
      },
    } as unknown as StreamCommandExecutor;
    let now = 0;
    const clock = { advance: (ms: number) => (now += ms) };
    const reader = new ServiceStateReader(executor, new Deciders(DEFAULT_POLICY), { maxAgeMs, now: () => now });
    return { stream, clock, reader };
  }

  it('answers commands from the state it read, for maxAgeMs, then reads the stream again', async () => {
    const { stream, clock, reader } = setUp(1_000);
    expect((await reader.read(at)).suspended).toBe(false);
    stream.current = suspended;
    stream.revision = 1;
    clock.advance(1_000);
    expect((await reader.read(at)).suspended).toBe(false);
    expect(stream.reads).toBe(1);
    clock.advance(1);
    expect((await reader.read(at)).suspended).toBe(true);
    expect(stream.reads).toBe(2);
  });

  it('reads the stream on every readLatest (the CA-bound steps), and commands then see what it read', async () => {
    const { stream, reader } = setUp(60_000);
    await reader.read(at);
    stream.current = suspended;
    stream.revision = 1;
    expect((await reader.readLatest(at)).suspended).toBe(true);
    expect((await reader.read(at)).suspended).toBe(true);
    expect(stream.reads).toBe(2);
  });

  it('takes this process’s own service command as the latest state at once', async () => {
    const { stream, reader } = setUp(60_000);
    await reader.read(at);
    reader.observe(suspended, 1);
    expect((await reader.read(at)).suspended).toBe(true);
    expect(stream.reads).toBe(1);
  });

  it('never goes back to an older revision than one it saw', async () => {
    const { stream, reader } = setUp(60_000);
    reader.observe(suspended, 3);
    stream.current = running;
    stream.revision = 2; // a read that started before the suspension was appended, answered after it
    expect((await reader.readLatest(at)).suspended).toBe(true);
  });

  it('shares one read among the commands that find the state stale together', async () => {
    const { stream, reader } = setUp(1_000);
    await Promise.all([reader.read(at), reader.read(at), reader.read(at)]);
    expect(stream.reads).toBe(1);
  });
});
