import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { EventSerializer } from '@pfw/event-serialization';
import { ContractQueries, contractsProjection, foldView, migrateReadModels, rebuildProjection, withStatementCache } from '@pfw/read-models';
import { openTestEventStore, type TestEventStore } from '../support/event-store';
import { capturingLogger } from '../support/logger';
import { EventLog } from './support/event-log';
import { C, writeScenario } from './support/scenario';

/**
 * The contracts projection compiles its read and its upsert once per table and then runs the compiled SQL
 * with new parameters, and writes each contract's row once per batch, in flush (bench/, issue 9): the rows
 * must be exactly what folding the events gives.
 */
describe('contracts projection: one write per contract per batch, queries compiled once per table', () => {
  let es: TestEventStore;
  let raw: Database.Database;
  let db: Kysely<any>;
  const executed: LogEvent[] = [];

  beforeEach(async () => {
    es = openTestEventStore();
    raw = new Database(':memory:');
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }), log: (event) => void executed.push(event) });
    await migrateReadModels(db);
  });
  afterEach(async () => {
    await db.destroy();
    await es.dispose();
  });

  it('writes the same views as the reducer folds, once per contract per batch, running the compiled upsert again', async () => {
    const serializer = new EventSerializer();
    const log = new EventLog(es.store, serializer);
    await writeScenario(log);
    executed.length = 0;
    const result = await rebuildProjection({ db, store: es.store, projection: contractsProjection({ serializer }), batchSize: 5, logger: capturingLogger() });
    expect(result.events).toBeGreaterThan(20);

    const queries = new ContractQueries(db);
    for (const contractId of Object.values(C)) {
      expect(await queries.byId(contractId)).toEqual(foldView(await log.decodedContract(contractId)));
    }
    const upserts = executed.filter((e) => /^insert into "contracts__rebuild"/.test(e.query.sql));
    // Batches of 5 events: one upsert per contract that has events in the batch.
    const streams: string[] = [];
    for await (const e of es.store.readAll()) if (e.streamId.startsWith('contract-')) streams.push(e.streamId);
    let expected = 0;
    for (let i = 0; i < streams.length; i += 5) expected += new Set(streams.slice(i, i + 5)).size;
    expect(expected).toBeLessThan(result.events);
    expect(upserts.length).toBe(expected);
    // Built once (an InsertQueryNode), then run from its compiled text (a RawNode) with new parameters.
    expect(upserts.filter((e) => e.query.query.kind === 'InsertQueryNode')).toHaveLength(1);
    expect(upserts.filter((e) => e.query.query.kind === 'RawNode')).toHaveLength(expected - 1);
    expect(upserts.every((e) => e.query.sql === upserts[0]!.query.sql)).toBe(true);
    const reads = executed.filter((e) => /^select "view" from "contracts__rebuild"/.test(e.query.sql));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((e) => e.query.query.kind === 'SelectQueryNode')).toHaveLength(1);

    // ContractQueries.byId (above, once per contract): built once, then run from its compiled text.
    const byId = executed.filter((e) => /^select "view" from "contracts" where "id" = \?/.test(e.query.sql));
    expect(byId).toHaveLength(Object.values(C).length);
    expect(byId.filter((e) => e.query.query.kind === 'SelectQueryNode')).toHaveLength(1);
    expect(await queries.byId('00000000-0000-4000-8000-999999999999')).toBeNull();
  });
});
