import { START, type AllStreamResolvedEvent, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import type { SubscribeOptions, Subscription, SubscriptionMessage } from '../port';
import { isTransientForSubscription, mapEsdbError } from './esdb-errors';
import { esdbPosition, logFilter, serverFilter, toRecorded } from './esdb-mapping';


type FeedItem = { readonly kind: 'event'; readonly resolved: AllStreamResolvedEvent } | { readonly kind: 'caughtUp' } | { readonly kind: 'aborted' };

/**
 * One server subscription, turned into a pull feed. The server's caught-up message reaches the client's stream
 * object as an event, not as a chunk in it, so it can overtake events still buffered there. When it fires,
 * every event the server sent before it has been pushed into that stream: either taken by the pump already or
 * still in the stream's buffer. So the marker belongs after exactly `received + readableLength` events.
 */
class SubscriptionFeed {
  private readonly queue: AllStreamResolvedEvent[] = [];
  private failure: { readonly error: unknown } | undefined;
  /** Events taken from the client's stream / handed out by `next`. */
  private received = 0;
  private delivered = 0;
  /** How many events come before the caught-up marker, once the server has said it. */
  private caughtUpAfter: number | undefined;
  private caughtUpReported = false;
  private wake: (() => void) | undefined;
  private space: (() => void) | undefined;
  private static readonly HIGH_WATER = 256;
  confirmed = false;

  constructor(readonly subscription: AllStreamSubscription) {
    subscription.on('confirmation', () => {
      this.confirmed = true;
    });
    subscription.on('caughtUp', () => {
      this.caughtUpAfter ??= this.received + subscription.readableLength;
      this.signal();
    });
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for await (const resolved of this.subscription as AsyncIterable<AllStreamResolvedEvent>) {
        this.received += 1;
        this.queue.push(resolved);
        this.signal();
        if (this.queue.length >= SubscriptionFeed.HIGH_WATER) await new Promise<void>((resolve) => (this.space = resolve));
      }
      this.failure ??= { error: new Error('the server ended the subscription') };
    } catch (error) {
      this.failure ??= { error };
    }
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async next(abort: AbortSignal): Promise<FeedItem> {
    for (;;) {
      if (abort.aborted) return { kind: 'aborted' };
      if (!this.caughtUpReported && this.caughtUpAfter !== undefined && this.delivered >= this.caughtUpAfter) {
        this.caughtUpReported = true;
        return { kind: 'caughtUp' };
      }
      const resolved = this.queue.shift();
      if (resolved) {
        this.delivered += 1;
        const space = this.space;
        this.space = undefined;
        space?.();
        return { kind: 'event', resolved };
      }
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => {
        const done = () => {
          abort.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        abort.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.failure ??= { error: new Error('closed') };
    this.space?.();
    await this.subscription.unsubscribe().catch(() => undefined);
    // A cancelled call never ends the client's stream object: end it so the pump above finishes.
    this.subscription.destroy();
  }
}

export class ResubscribingSubscription implements Subscription {
  private readonly abort = new AbortController();
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly backoff: { readonly initialMs: number; readonly maxMs: number },
    private readonly onClosed: () => void,
  ) {
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.abort.abort();
    this.onClosed();
    // Runs the iteration's cleanup (cancelling the server subscription) even if nobody calls next() again.
    await this.iterator.return(undefined).catch(() => undefined);
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    const signal = this.abort.signal;
    const accept = logFilter(this.options.filter);
    const filter = serverFilter(this.options.filter);
    /** The last position received (delivered or filtered out here): the exclusive resume point. */
    let after: bigint | 'start' = this.options.fromPosition ?? 'start';
    let caughtUpSent = false;
    let failures = 0;
    try {
      while (!signal.aborted) {
        const feed = new SubscriptionFeed(
          this.client.subscribeToAll({ fromPosition: after === 'start' ? START : esdbPosition(after), filter }),
        );
        try {
          for (;;) {
            const item = await feed.next(signal);
            if (item.kind === 'aborted') return;
            if (item.kind === 'caughtUp') {
              if (!caughtUpSent) {
                caughtUpSent = true;
                yield { kind: 'caughtUp' };
              }
              continue;
            }
            const event = toRecorded(item.resolved);
            if (!event) continue;
            after = event.position;
            if (accept(event)) yield { kind: 'event', event };
          }
        } catch (err) {
          if (signal.aborted) return;
          if (!isTransientForSubscription(err)) throw mapEsdbError(err);
          if (feed.confirmed) failures = 0;
        } finally {
          await feed.close();
        }
        const delay = Math.min(this.backoff.initialMs * 2 ** failures, this.backoff.maxMs);
        failures = Math.min(failures + 1, 30);
        await sleep(delay, signal);
      }
    } finally {
      this.abort.abort();
      this.onClosed();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
