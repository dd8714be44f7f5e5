/**
 * The one place that decides whether this process may run a consumer now. A consumer asks before every
 * subscription (at start, after a failure, after its checkpoint moved) and follows the log only while the
 * admission holds: when `revoked` aborts it closes its subscription after the batch in flight and asks again.
 * A lease (one active consumer per name across processes) is a gate.
 */
/** Nest injection token of the process's gate (its ConsumerLeases), for the libraries whose consumers it admits. */
export const CONSUMER_GATE = Symbol.for('pfw.ConsumerGate');

export interface ConsumerGate {
  /**
   * Resolves once `consumer` may run here; rejects (or resolves late) when `signal` aborts on stop. `rank`
   * orders the processes that want the same consumer (a projection's version: the newer build wins).
   */
  admit(consumer: string, signal: AbortSignal, rank?: number): Promise<ConsumerAdmission>;
}

export interface ConsumerAdmission {
  /** Aborts when this process may no longer run the consumer. */
  readonly revoked: AbortSignal;
  /**
   * Gives the admission back (on stop, after a failure, when the checkpoint moved). A lease may keep it for
   * this process's next admission unless `handOver` asks to let another process have it now.
   */
  release(options?: { readonly handOver?: boolean }): Promise<void>;
}

/** Every process runs every consumer: the checkpoint's conditional move keeps them from handling an event twice. */
export const ALWAYS_ADMIT: ConsumerGate = {
  // A signal of its own per admission: one shared signal would collect a listener from every consumer.
  admit: async () => ({ revoked: new AbortController().signal, release: async () => undefined }),
};

/**
 * Runs `work` while admitted under `name` (a one-off lock, e.g. one rebuild of a projection at a time across
 * processes), then gives the admission back. `work` gets the admission's `revoked` signal.
 */
export async function withAdmission<T>(gate: ConsumerGate, name: string, signal: AbortSignal | undefined, work: (revoked: AbortSignal) => Promise<T>): Promise<T> {
  const mine = new AbortController();
  const stop = () => mine.abort();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const admission = await gate.admit(name, mine.signal);
    try {
      return await work(admission.revoked);
    } finally {
      await admission.release();
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    mine.abort();
  }
}
