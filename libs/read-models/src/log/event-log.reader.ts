import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, StreamNotFoundError, type EventStore, type LogFilter, type RecordedEvent, type SubscriptionMessage } from '@pfw/event-store';

/**
 * The read side's view of the log itself, for the queries that answer from events rather than from a read
 * model (the audit trail, the filtered global log, a contract folded from its own events, the live feeds).
 * Resolvers and subscriptions read the log through it, never through the event store port.
 */
@Injectable()
export class EventLogReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** A stream's events, oldest first; null when the stream has none. */
  async stream(streamId: string): Promise<RecordedEvent[] | null> {
    try {
      return await this.store.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
  }

  /** The event at `position` (a position the store gave out), or null when there is none. */
  async at(position: bigint): Promise<RecordedEvent | null> {
    for await (const event of this.store.readAll({ fromPosition: position, maxCount: 1 })) return event.position === position ? event : null;
    return null;
  }

  /** The position of the last event of the log (null when it is empty). */
  head(): Promise<bigint | null> {
    return this.store.headPosition();
  }

  /**
   * The log after `from` (exclusive), event by event — catch-up, then live, with the store's no-gap,
   * no-duplicate hand-over — each marked with whether the catch-up had reached the head; ends when `signal`
   * aborts (its subscription closed).
   */
  async *follow(from: bigint | 'start', filter: LogFilter, signal: AbortSignal): AsyncGenerator<{ event: RecordedEvent; live: boolean }> {
    if (signal.aborted) return;
    const subscription = this.store.subscribeToAll({ fromPosition: from, filter });
    const close = () => void subscription.close();
    signal.addEventListener('abort', close, { once: true });
    let live = false;
    try {
      for await (const message of subscription as AsyncIterable<SubscriptionMessage>) {
        if (signal.aborted) return;
        if (message.kind === 'caughtUp') {
          live = true;
          continue;
        }
        yield { event: message.event, live };
      }
    } finally {
      signal.removeEventListener('abort', close);
      await subscription.close();
    }
  }

  /** The global log in log order, strictly after `after` when given, only `eventTypes` when given. */
  log(options: { readonly after?: bigint | null; readonly eventTypes?: readonly string[] | null } = {}): AsyncIterable<RecordedEvent> {
    return this.store.readAll({
      ...(options.after == null ? {} : { after: options.after }),
      filter: options.eventTypes?.length ? { eventTypes: options.eventTypes } : undefined,
    });
  }
}
