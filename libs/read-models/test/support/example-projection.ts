import type { RecordedEvent } from '@pfw/event-store';
import { type Projection, type ReadModelDb } from '@pfw/read-models';
import { bigintText, columnType, fromDbBigint, fromDbBool, fromDbJson, toDbBool, toDbJson, toDbTimestamp } from '@pfw/sql';

/** The example read model the runtime tests project into. */
export type ExampleTables = {
  example_items: {
    event_id: string;
    stream_id: string;
    seq: number;
    label: string;
    position: string | number | bigint;
    flagged: number;
    payload: string;
    recorded_at: string;
  };
  example_streams: {
    stream_id: string;
    events: number;
    last_position: string | number | bigint;
  };
};

export const ITEM_ADDED = 'ItemAdded';
export const ITEM_FLAGGED = 'ItemFlagged';
/** An event type the example projection does not handle. */
export const UNRELATED = 'SomethingElse';

export interface ExampleProjection extends Projection<ExampleTables> {
  /** Ids of the events whose apply ran (including ones rolled back), in order. */
  readonly applied: string[];
  /** Event ids whose apply throws while they are in this set. */
  readonly failOn: Set<string>;
}

/**
 * version 1 stores labels as given; version 2 upper-cases them, so a test can tell which code built a table.
 */
export function exampleProjection(version = 1): ExampleProjection {
  const applied: string[] = [];
  const failOn = new Set<string>();
  return {
    name: 'example',
    version,
    handles: [ITEM_ADDED, ITEM_FLAGGED],
    tables: ['example_items', 'example_streams'],
    applied,
    failOn,
    async createTables(db) {
      await db.schema
        .createTable('example_items')
        .addColumn('event_id', columnType.text, (c) => c.primaryKey())
        .addColumn('stream_id', columnType.text, (c) => c.notNull())
        .addColumn('seq', columnType.integer, (c) => c.notNull())
        .addColumn('label', columnType.text, (c) => c.notNull())
        .addColumn('position', columnType.bigint, (c) => c.notNull())
        .addColumn('flagged', columnType.boolean, (c) => c.notNull())
        .addColumn('payload', columnType.json, (c) => c.notNull())
        .addColumn('recorded_at', columnType.timestamp, (c) => c.notNull())
        .addUniqueConstraint('example_items_stream_seq', ['stream_id', 'seq'])
        .execute();
      await db.schema.createIndex('example_items_by_label').on('example_items').column('label').execute();
      await db.schema
        .createTable('example_streams')
        .addColumn('stream_id', columnType.text)
        .addColumn('events', columnType.integer, (c) => c.notNull())
        .addColumn('last_position', columnType.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('example_streams_pk', ['stream_id'])
        .execute();
    },
    async apply(trx, event: RecordedEvent) {
      applied.push(event.id);
      if (failOn.has(event.id)) throw new Error(`injected failure on ${event.id}`);
      if (event.type === ITEM_ADDED) {
        const label = String(event.data.label ?? '');
        await trx
          .insertInto('example_items')
          .values({
            event_id: event.id,
            stream_id: event.streamId,
            seq: event.revision,
            label: version >= 2 ? label.toUpperCase() : label,
            position: event.position,
            flagged: toDbBool(false),
            payload: toDbJson(event.data),
            recorded_at: toDbTimestamp(event.recordedAt),
          })
          .execute();
        await trx
          .insertInto('example_streams')
          .values({ stream_id: event.streamId, events: 1, last_position: event.position })
          .onConflict((oc) =>
            oc.column('stream_id').doUpdateSet((eb) => ({
              events: eb('example_streams.events', '+', 1),
              last_position: eb.ref('excluded.last_position'),
            })),
          )
          .execute();
      } else if (event.type === ITEM_FLAGGED) {
        await trx.updateTable('example_items').set({ flagged: toDbBool(true) }).where('stream_id', '=', event.streamId).execute();
      }
    },
  };
}

export interface ExampleItem {
  eventId: string;
  streamId: string;
  seq: number;
  label: string;
  position: bigint;
  flagged: boolean;
  payload: unknown;
  recordedAt: string;
}

/** What a query sees in the live table, in log order. */
export async function readItems(db: ReadModelDb): Promise<ExampleItem[]> {
  const rows = await db
    .withTables<ExampleTables>()
    .selectFrom('example_items')
    .select(['event_id', 'stream_id', 'seq', 'label', bigintText('position').as('position'), 'flagged', 'payload', 'recorded_at'])
    .orderBy('example_items.position')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    streamId: r.stream_id,
    seq: Number(r.seq),
    label: r.label,
    position: fromDbBigint(r.position!),
    flagged: fromDbBool(r.flagged),
    payload: fromDbJson(r.payload),
    recordedAt: r.recorded_at,
  }));
}

export async function readStreams(db: ReadModelDb): Promise<Array<{ streamId: string; events: number; lastPosition: bigint }>> {
  const rows = await db
    .withTables<ExampleTables>()
    .selectFrom('example_streams')
    .select(['stream_id', 'events', bigintText('last_position').as('last_position')])
    .orderBy('stream_id')
    .execute();
  return rows.map((r) => ({ streamId: r.stream_id, events: Number(r.events), lastPosition: fromDbBigint(r.last_position!) }));
}
