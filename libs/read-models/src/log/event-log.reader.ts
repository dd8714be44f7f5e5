import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, StreamNotFoundError, type EventStore, type RecordedEvent } from '@pfw/event-store';

/**
 * The read side's view of the log itself, for the queries that answer from events rather than from a read
 * model (the audit trail, the filtered global log, a contract folded from its own events). Resolvers read
 * the log through it, never through the event store port.
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

  /** The global log in log order, strictly after `after` when given, only `eventTypes` when given. */
  log(options: { readonly after?: bigint | null; readonly eventTypes?: readonly string[] | null } = {}): AsyncIterable<RecordedEvent> {
    return this.store.readAll({
      ...(options.after == null ? {} : { after: options.after }),
      filter: options.eventTypes?.length ? { eventTypes: options.eventTypes } : undefined,
    });
  }
}
