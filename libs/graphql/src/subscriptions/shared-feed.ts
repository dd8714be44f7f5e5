interface Subscriber<T> {
  readonly items: T[];
  ended: boolean;
  failure: unknown;
  wake: (() => void) | null;
}

/**
 * One source read once for many subscribers: opened with the first subscriber, each item handed to every
 * subscriber present, closed (its signal aborted) when the last one leaves. A subscriber gets what the source
 * produces after it joined; when the source ends or fails, so does every subscription of it, and the next
 * subscriber opens it again. Each subscriber's items wait in its own queue (the subscription's bounded buffer
 * reads it ahead, and drops a subscriber too slow for it).
 */
export class SharedFeed<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private abort: AbortController | null = null;

  constructor(private readonly open: (signal: AbortSignal) => AsyncIterable<T>) {}

  /** Subscribers now (for tests and metrics). */
  get size(): number {
    return this.subscribers.size;
  }

  async *subscribe(signal: AbortSignal): AsyncGenerator<T> {
    const me: Subscriber<T> = { items: [], ended: false, failure: null, wake: null };
    this.subscribers.add(me);
    if (!this.abort) this.start();
    const onAbort = () => me.wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        if (me.items.length > 0) {
          yield me.items.shift()!;
          continue;
        }
        if (me.failure !== null) throw me.failure;
        if (me.ended) return;
        await new Promise<void>((resolve) => (me.wake = resolve));
        me.wake = null;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.subscribers.delete(me);
      if (this.subscribers.size === 0) {
        this.abort?.abort();
        this.abort = null;
      }
    }
  }

  private start(): void {
    const abort = new AbortController();
    this.abort = abort;
    void (async () => {
      let failure: unknown = null;
      try {
        for await (const item of this.open(abort.signal)) {
          for (const s of this.subscribers) {
            s.items.push(item);
            s.wake?.();
          }
        }
      } catch (err) {
        failure = err;
      } finally {
        if (!abort.signal.aborted) {
          if (this.abort === abort) this.abort = null;
          for (const s of this.subscribers) {
            s.ended = true;
            s.failure = failure;
            s.wake?.();
          }
        }
      }
    })();
  }
}
