import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { EventSerializer } from '@pfw/event-serialization';
import {
  ContractQueries, contractsProjection, foldView, migrateReadModels, rebuildProjection, serviceStatusProjection, withStatementCache, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { openTestEventStore, type TestEventStore } from '../support/event-store';
import { capturingLogger } from '../support/logger';
import { EventLog } from './support/event-log';
import { after, cmd, days, T0 } from '../../../domain/test/support/fixtures';
import { C, id, submit, writeScenario } from './support/scenario';

/**
 * The contracts projection compiles its read and its upsert once per table and then runs the compiled SQL
 * with new parameters, and writes each contract's row in flush (bench/, issue 9): once per batch when it keeps
 * nothing across a rebuild's transactions, about once per rebuild when it keeps the views it folds. The rows
 * must be exactly what folding the events gives either way.
 */
describe('contracts projection: few writes per contract, queries compiled once per table', () => {
  let es: TestEventStore;
  let raw: Database.Database;
  let db: Kysely<any>;
  const executed: LogEvent[] = [];
  const serializer = new EventSerializer();
  let log: EventLog;

  beforeEach(async () => {
    es = openTestEventStore();
    raw = new Database(':memory:');
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }), log: (event) => void executed.push(event) });
    await migrateReadModels(db, READ_MODELS_MIGRATIONS);
    log = new EventLog(es.store, serializer);
    await writeScenario(log);
    executed.length = 0;
  });
  afterEach(async () => {
    await db.destroy();
    await es.dispose();
  });

  const rebuildKeeping = async (rebuildViewCache: number | undefined) => {
    executed.length = 0;
    const result = await rebuildProjection({
      db, store: es.store, projection: contractsProjection({ serializer, rebuildViewCache }), batchSize: 5, logger: capturingLogger(),
    });
    expect(result.events).toBeGreaterThan(20);
    const queries = new ContractQueries(db);
    for (const contractId of Object.values(C)) {
      expect(await queries.byId(contractId)).toEqual(foldView(await log.decodedContract(contractId)));
    }
    const upserts = executed.filter((e) => /^insert into "contracts__rebuild"/.test(e.query.sql));
    // Built once (an InsertQueryNode), then run from its compiled text (a RawNode) with new parameters.
    expect(upserts.filter((e) => e.query.query.kind === 'InsertQueryNode')).toHaveLength(1);
    expect(upserts.every((e) => e.query.sql === upserts[0]!.query.sql)).toBe(true);
    const reads = executed.filter((e) => /^select "fold" from "contracts__rebuild"/.test(e.query.sql));
    expect(reads.filter((e) => e.query.query.kind === 'SelectQueryNode')).toHaveLength(1);
    return { result, upserts: upserts.length, reads: reads.length, queries };
  };

  /** Upserts when each batch of 5 events writes every contract it touched. */
  const oncePerBatch = async () => {
    const streams: string[] = [];
    for await (const e of es.store.readAll()) if (e.streamId.startsWith('contract-')) streams.push(e.streamId);
    let expected = 0;
    for (let i = 0; i < streams.length; i += 5) expected += new Set(streams.slice(i, i + 5)).size;
    return { expected, events: streams.length, contracts: new Set(streams).size };
  };

  it('keeping no view across a rebuild’s transactions: once per contract per batch, running the compiled upsert again', async () => {
    const { expected, events } = await oncePerBatch();
    const { upserts, reads, queries } = await rebuildKeeping(0);
    expect(expected).toBeLessThan(events);
    expect(upserts).toBe(expected);
    expect(reads).toBeGreaterThan(0);

    // ContractQueries.byId (above, once per contract): built and compiled once, every run from its compiled text.
    const byId = executed.filter((e) => /^select "view" from "contracts" where "id" = \?/.test(e.query.sql));
    expect(byId).toHaveLength(Object.values(C).length);
    expect(byId.every((e) => e.query.query.kind === 'RawNode' && e.query.sql === byId[0]!.query.sql)).toBe(true);
    expect(await queries.byId('00000000-0000-4000-8000-999999999999')).toBeNull();
    // contractWithTerms likewise: the view and the service row's position in one statement, compiled once.
    await rebuildProjection({ db, store: es.store, projection: serviceStatusProjection({ serializer }), batchSize: 5, logger: capturingLogger() });
    executed.length = 0;
    for (const contractId of Object.values(C)) expect((await queries.contractWithTerms(contractId))!.view).toEqual(await queries.byId(contractId));
    expect(await queries.contractWithTerms('00000000-0000-4000-8000-999999999999')).toBeNull();
    const withTerms = executed.filter((e) => /^select "contracts"\."view", \(select /.test(e.query.sql));
    expect(withTerms).toHaveLength(Object.values(C).length + 1);
    expect(withTerms.every((e) => e.query.query.kind === 'RawNode' && e.query.sql === withTerms[0]!.query.sql)).toBe(true);
  });

  it('keeping every view (the default, more than the scenario’s contracts): each contract written once, by the swap', async () => {
    const { contracts } = await oncePerBatch();
    const { upserts } = await rebuildKeeping(undefined);
    expect(upserts).toBe(contracts);
    // Nothing was written before the swap's final flush: no row had to be read back.
    const reads = executed.filter((e) => /^select "fold" from "contracts__rebuild"/.test(e.query.sql));
    expect(reads.length).toBe(contracts);
  });

  it('keeping two views: the least recently folded ones are written as they fall out, and read back when needed again', async () => {
    // Six more contracts whose events interleave: each is needed again after more than two others.
    const more = [300, 301, 302, 303, 304, 305].map(id);
    for (const contractId of more) await log.contract([submit(contractId, { at: after(T0, days(1)), fqdn: 'interleaved.example.jp' })]);
    for (const contractId of more) await log.contract([{ ...cmd.pass(after(T0, days(2))), contractId }]);
    for (const contractId of more) await log.contract([{ ...cmd.invoice(after(T0, days(3))), contractId }]);
    const { expected, contracts } = await oncePerBatch();
    const { upserts, reads, queries } = await rebuildKeeping(2);
    for (const contractId of more) expect(await queries.byId(contractId)).toEqual(foldView(await log.decodedContract(contractId)));
    expect(upserts).toBeGreaterThan(contracts);
    expect(upserts).toBeLessThanOrEqual(expected);
    // One read for each contract first seen, plus the reads back of views written out meanwhile.
    expect(reads).toBeGreaterThan(contracts);
  });
});
