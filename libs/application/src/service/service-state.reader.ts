import { Inject, Injectable, Optional } from '@nestjs/common';
import { SERVICE_STREAM_ID, ServiceState, termsVersionInForce } from '@pfw/domain';
import { Deciders } from '../runtime/deciders';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';

export interface ServiceFacts {
  readonly state: ServiceState;
  /** Art. 6: no request goes to the CA while true. */
  readonly suspended: boolean;
  /** Art. 13: the terms version in force at the given instant. */
  readonly termsVersion: string;
}

export interface ServiceStateReaderOptions {
  /** How long a command may decide on the service state read before (default 1,000 ms). */
  readonly maxAgeMs?: number;
  /** Milliseconds on a monotonic scale (tests pass their own). */
  readonly now?: () => number;
}

/** Nest token of the reader's options (optional). */
export const SERVICE_STATE_READER_OPTIONS = Symbol.for('pfw.ServiceStateReaderOptions');

interface Held {
  readonly state: ServiceState;
  readonly revision: number | 'no_stream';
  readonly readAt: number;
}

/**
 * The service stream's facts (Art. 6 suspension, Art. 13 terms versions) for the commands that depend on them.
 *
 * Every contract command needs them, and they change a few times a year: `read` answers from the state it last
 * folded from the stream, read again once it is older than `maxAgeMs`, and replaced at once by this process's own
 * service commands (`observe`). Why a command may decide on a state that old: its append names only its contract's
 * revision, never the service stream's — no store offers an append conditional on another stream — so even a read
 * on every command could not stop a suspension landing between that read and the append. A command decided on
 * the cached state is one that started that much earlier. What Art. 6 forbids is a request reaching the CA while
 * suspended, and that is guarded where the request leaves: every CA-bound saga step checks with `readLatest`
 * (what the stream says now) right before it runs, and waits for the resume. A terms revision takes effect at the
 * start of a Japan day given in advance; a command within `maxAgeMs` of its recording records the version before.
 */
@Injectable()
export class ServiceStateReader {
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private held: Held | null = null;
  private reading: Promise<Held> | null = null;

  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly deciders: Deciders,
    @Optional() @Inject(SERVICE_STATE_READER_OPTIONS) options: ServiceStateReaderOptions | null = null,
  ) {
    this.maxAgeMs = options?.maxAgeMs ?? 1_000;
    this.now = options?.now ?? (() => performance.now());
  }

  /** For deciding a command: the state folded at most `maxAgeMs` ago, or this process's latest service command. */
  async read(at: Date): Promise<ServiceFacts> {
    const held = this.held && this.now() - this.held.readAt <= this.maxAgeMs ? this.held : await this.refresh();
    return facts(held.state, at);
  }

  /** What the stream says now (a read of what was appended since the last one): before a request goes to the CA. */
  async readLatest(at: Date): Promise<ServiceFacts> {
    // A read of its own: one already under way may have started before what the caller must see was appended.
    return facts((await this.load()).state, at);
  }

  /** A service command of this process was appended: its state is the latest (unless a later read saw more). */
  observe(state: ServiceState, revision: number | 'no_stream'): void {
    this.keep({ state, revision, readAt: this.now() });
  }

  /** Commands arriving together once the state is stale share one read. */
  private refresh(): Promise<Held> {
    this.reading ??= this.load().finally(() => (this.reading = null));
    return this.reading;
  }

  private async load(): Promise<Held> {
    const readAt = this.now();
    const { state, revision } = await this.executor.load(this.deciders.service, SERVICE_STREAM_ID);
    return this.keep({ state, revision, readAt });
  }

  private keep(candidate: Held): Held {
    const held = this.held;
    if (held && revisionOrder(held.revision) > revisionOrder(candidate.revision)) {
      this.held = { ...held, readAt: Math.max(held.readAt, candidate.readAt) };
    } else {
      this.held = candidate;
    }
    return this.held;
  }
}

function revisionOrder(revision: number | 'no_stream'): number {
  return revision === 'no_stream' ? -1 : revision;
}

function facts(state: ServiceState, at: Date): ServiceFacts {
  return { state, suspended: state.suspended, termsVersion: termsVersionInForce(state, at) };
}
