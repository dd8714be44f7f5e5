/**
 * The one place that decides whether this process may run a consumer now. A consumer asks before every
 * subscription (at start, after a failure, after its checkpoint moved) and follows the log only while the
 * admission holds: when `revoked` aborts it closes its subscription after the batch in flight and asks again.
 * A lease (one active consumer per name across processes) is a gate.
 */
export interface ConsumerGate {
  /** Resolves once `consumer` may run here; rejects (or resolves late) when `signal` aborts on stop. */
  admit(consumer: string, signal: AbortSignal): Promise<ConsumerAdmission>;
}

export interface ConsumerAdmission {
  /** Aborts when this process may no longer run the consumer. */
  readonly revoked: AbortSignal;
  /** Gives the admission back (on stop, after a failure, when the checkpoint moved). */
  release(): Promise<void>;
}

/** Every process runs every consumer: the checkpoint's conditional move keeps them from handling an event twice. */
export const ALWAYS_ADMIT: ConsumerGate = {
  // A signal of its own per admission: one shared signal would collect a listener from every consumer.
  admit: async () => ({ revoked: new AbortController().signal, release: async () => undefined }),
};
