import { CompiledQuery, type Transaction } from 'kysely';
import { CONTRACT_EVENT_TYPES, contractIdOfStream, SERVICE_EVENT_TYPES, SERVICE_STREAM_ID, type ServiceEvent } from '@pfw/domain';
import type { RecordedEvent } from '@pfw/event-store';
import type { EventSerializer } from '@pfw/event-serialization';
import { columnType, toDbBool } from '@pfw/sql';
import type { Projection, TableNames } from '../projection';
import { contractView, ContractViewError, decodeFoldedContract, encodeFoldedContract, foldContractEvent, isContractEvent, type FoldedContract } from './fold';
import { contractRow, SERVICE_STATUS_ROW_ID, type ContractsRow, type ContractTables, type ServiceStatusTables } from './tables';

export const CONTRACTS_PROJECTION_NAME = 'contracts';
export const SERVICE_STATUS_PROJECTION_NAME = 'service_status';

const SERVICE_TYPES: ReadonlySet<string> = new Set<string>(SERVICE_EVENT_TYPES);

/** What the contract read-model projections need: the ONE event serializer (with its upcasters and transformer). */
export interface ContractProjectionOptions {
  readonly serializer: Pick<EventSerializer, 'decode'>;
  /**
   * Rebuild only: how many folded contracts the contracts projection keeps in memory across the fill's
   * transactions (default REBUILD_VIEW_CACHE), so that a contract's row is written about once per rebuild
   * rather than once per batch. Bounds the rebuild's memory: a folded contract takes a few KB of heap, and V8
   * lets the heap grow to about four times what is live, so each 1,000 kept cost some 15-20 MB of peak RSS.
   * On the bench's log (about 1,000 contracts in flight) 1,000 kept give 0.18 row writes and 0.07 reads per
   * event (2,000: 0.11 and 0; none: 0.67 and 0.56), at the same peak RSS as without it (bench/).
   */
  readonly rebuildViewCache?: number;
}

/** See ContractProjectionOptions.rebuildViewCache. */
export const REBUILD_VIEW_CACHE = 1000;

function contractIdOf(recorded: RecordedEvent): string {
  const contractId = contractIdOfStream(recorded.streamId);
  if (!contractId) throw new ContractViewError(`${recorded.type} ${recorded.id} is in stream "${recorded.streamId}", not a contract stream`);
  return contractId;
}

/** Contracts folded but not yet written, or written and kept for the next event of the same contract. */
interface FoldedViews {
  /** By contract id, least recently folded first (a fold moves its contract to the end). */
  readonly views: Map<string, FoldedContract>;
  /** The contracts whose view changed since it was last written. */
  readonly dirty: Set<string>;
}

/**
 * The `contracts` projection: every event of every `contract-<id>` stream, decoded by the serializer, folded
 * with foldContractEvent (the domain's evolveContract) and upserted as its ContractView with the query columns,
 * plus the folded contract itself (`fold`), from which the next event goes on — one code path for SQLite and
 * PostgreSQL (Kysely's upsert, dialect.ts's value representation).
 *
 * The contracts it folds are kept in memory, so a row is read from the database only when its contract is not
 * at hand, and the view is built and written in `flush`, not once per event. Live (and in a rebuild's swap: a final flush) they
 * belong to one transaction: all are written before it commits with its checkpoint, and they die with it.
 * While a rebuild fills its fresh tables (a flush that is not final) they are kept across the fill's
 * transactions, keyed by the rebuild's `names`: each flush writes only what falls out of the most recently
 * folded `rebuildViewCache` views, so a contract is written about once per rebuild, not once per batch; a
 * failed rebuild drops the fresh tables and the kept views with them (Projection.flush).
 * Its two queries are built and compiled by Kysely once per physical table and then only run with new
 * parameters (see reusableQueries).
 */
export function contractsProjection(options: ContractProjectionOptions): Projection<ContractTables> {
  const { serializer } = options;
  const keep = options.rebuildViewCache ?? REBUILD_VIEW_CACHE;
  if (!Number.isInteger(keep) || keep < 0) throw new Error(`rebuildViewCache must be a non-negative integer (got ${keep})`);
  /** Live: per transaction. */
  const perTransaction = new WeakMap<object, FoldedViews>();
  /** Rebuild: per rebuild (its TableNames), across the fill's transactions. */
  const perRebuild = new WeakMap<TableNames, FoldedViews>();
  const queries = reusableQueries();

  const foldedViews = (trx: Transaction<ContractTables>, names: TableNames, create: boolean): FoldedViews | undefined => {
    const owner: WeakMap<object, FoldedViews> = names.phase === 'rebuild' ? perRebuild : perTransaction;
    const key: object = names.phase === 'rebuild' ? names : trx;
    let folded = owner.get(key);
    if (!folded && create) owner.set(key, (folded = { views: new Map(), dirty: new Set() }));
    return folded;
  };

  const write = (trx: Transaction<ContractTables>, table: string, id: string, folded: FoldedContract) =>
    queries.upsert(trx, table, { ...contractRow(contractView(folded)), fold: encodeFoldedContract(folded), id });

  return {
    name: CONTRACTS_PROJECTION_NAME,
    version: 3,
    handles: CONTRACT_EVENT_TYPES,
    // Every event but the service stream's few (Art. 6, 13): a rebuild reads the log in position order.
    handlesMostOfTheLog: true,
    tables: ['contracts'],

    async createTables(db) {
      await db.schema
        .createTable('contracts')
        .addColumn('id', columnType.text, (c) => c.primaryKey())
        .addColumn('status', columnType.text, (c) => c.notNull())
        .addColumn('organization_name', columnType.text)
        .addColumn('organization_name_lower', columnType.text)
        .addColumn('fqdn', columnType.text, (c) => c.notNull())
        .addColumn('fqdn_reversed', columnType.text, (c) => c.notNull())
        .addColumn('submitted_at', columnType.timestamp, (c) => c.notNull())
        .addColumn('accepted_at', columnType.timestamp)
        .addColumn('plan_months', columnType.integer, (c) => c.notNull())
        .addColumn('invoice_status', columnType.text)
        .addColumn('invoice_due_on', columnType.text)
        .addColumn('sticker_requested', columnType.boolean, (c) => c.notNull())
        .addColumn('sticker_status', columnType.text, (c) => c.notNull())
        .addColumn('sticker_return_requested_at', columnType.timestamp)
        .addColumn('revocation_status', columnType.text)
        .addColumn('revocation_deadline', columnType.timestamp)
        .addColumn('current_cert_not_after', columnType.timestamp)
        .addColumn('coverage_ends_on', columnType.text)
        .addColumn('coverage_continues_after_cert', columnType.boolean, (c) => c.notNull())
        .addColumn('has_pending_order', columnType.boolean, (c) => c.notNull())
        .addColumn('version', columnType.integer, (c) => c.notNull())
        .addColumn('position', columnType.bigint, (c) => c.notNull())
        .addColumn('last_event_at', columnType.timestamp, (c) => c.notNull())
        .addColumn('view', columnType.json, (c) => c.notNull())
        .addColumn('fold', columnType.text, (c) => c.notNull())
        .execute();
    },

    async createIndexes(db) {
      const index = (name: string, columns: string[]) => db.schema.createIndex(name).on('contracts').columns(columns).execute();
      // The connection's default order and its cursor; with status first for the status filter and the screening queue.
      await index('contracts_by_submitted', ['submitted_at', 'id']);
      await index('contracts_by_status_submitted', ['status', 'submitted_at', 'id']);
      await index('contracts_by_fqdn', ['fqdn']);
      await index('contracts_by_fqdn_reversed', ['fqdn_reversed']);
      await index('contracts_by_org_name', ['organization_name_lower']);
      // Work lists.
      await index('contracts_by_invoice', ['invoice_status', 'invoice_due_on']);
      await index('contracts_by_sticker', ['sticker_status', 'accepted_at']);
      await index('contracts_by_revocation', ['revocation_status', 'revocation_deadline']);
      await index('contracts_by_status_cert', ['status', 'current_cert_not_after']);
    },

    async apply(trx, recorded, names) {
      const id = contractIdOf(recorded);
      const decoded = await serializer.decode(recorded);
      const event = decoded.event;
      if (!isContractEvent(event)) throw new ContractViewError(`${event.type} is not a contract event`);
      if (event.type === 'ApplicationSubmitted' && event.data.contractId !== id) {
        throw new ContractViewError(`ApplicationSubmitted for contract ${event.data.contractId} in stream ${recorded.streamId}`);
      }
      const folded = foldedViews(trx, names, true)!;
      let current = folded.views.get(id) ?? null;
      if (current === null) {
        const row = await queries.read(trx, names.table('contracts'), id);
        current = row ? decodeFoldedContract(row.fold) : null;
      }
      // Already folded in (the runner applies each event once; this keeps a replayed event harmless).
      if (current && recorded.revision <= current.version) return;
      const next = foldContractEvent(current, { event, envelope: decoded.envelope, shreddedFields: decoded.shreddedFields }, recorded);
      folded.views.delete(id);
      folded.views.set(id, next);
      folded.dirty.add(id);
    },

    async flush(trx, names, context) {
      const folded = foldedViews(trx, names, false);
      if (!folded) return;
      const table = names.table('contracts');
      const { views, dirty } = folded;
      if (context.final) {
        // Everything, and nothing kept: the views belong to this transaction.
        for (const id of dirty) await write(trx, table, id, views.get(id)!);
        dirty.clear();
        views.clear();
        return;
      }
      // Filling a rebuild: write only the least recently folded views beyond what is kept.
      for (const [id, view] of views) {
        if (views.size <= keep) break;
        if (dirty.delete(id)) await write(trx, table, id, view);
        views.delete(id);
      }
    },
  };
}

/**
 * The contracts projection's two queries — read a row's view, upsert a row — compiled by Kysely (through the
 * transaction, so for the dialect at hand and with the phase's physical table name) the first time they are
 * needed for a table, and afterwards run as that compiled SQL with the new parameters. Building and compiling
 * the query object per event was a quarter of a rebuild's time (cpu profile, bench/).
 *
 * The upsert sets every column to `excluded.<column>` (the value being inserted: the same row as before on
 * SQLite and PostgreSQL), so its only parameters are the inserted values, in column order. Before a compiled
 * text is kept, its parameters are checked to be exactly the row's values in key order; a row whose shape
 * differs (a column left undefined) or a compiler that orders parameters otherwise just runs through Kysely.
 */
function reusableQueries() {
  const upserts = new Map<string, string | null>();
  const reads = new Map<string, string | null>();

  const upsert = async (trx: Transaction<ContractTables>, table: string, row: ContractsRow): Promise<void> => {
    const keys = Object.keys(row) as (keyof ContractsRow)[];
    const values = keys.map((k) => row[k]);
    const shape = `${table}\u0000${keys.join(',')}`;
    const known = values.includes(undefined as never) ? null : upserts.get(shape);
    if (known) {
      await trx.executeQuery(CompiledQuery.raw(known, values));
      return;
    }
    const updates = keys.filter((k) => k !== 'id');
    const compiled = trx
      .insertInto('contracts')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(updates.map((k) => [k, eb.ref(`excluded.${k}`)])) as never))
      .compile();
    if (known === undefined) {
      const same = compiled.parameters.length === values.length && compiled.parameters.every((p, i) => p === values[i]);
      upserts.set(shape, same ? compiled.sql : null);
    }
    await trx.executeQuery(compiled);
  };

  const read = async (trx: Transaction<ContractTables>, table: string, id: string): Promise<{ fold: string } | undefined> => {
    const known = reads.get(table);
    if (known) return (await trx.executeQuery<{ fold: string }>(CompiledQuery.raw(known, [id]))).rows[0];
    const compiled = trx.selectFrom('contracts').select('fold').where('id', '=', id).compile();
    if (known === undefined) reads.set(table, compiled.parameters.length === 1 && compiled.parameters[0] === id ? compiled.sql : null);
    return (await trx.executeQuery(compiled)).rows[0];
  };

  return { upsert, read };
}

/**
 * The `service_status` projection: the `service` stream's ServiceSuspended / ServiceResumed (Art. 6) into one
 * row, and every TermsRevised (Art. 13) into `service_terms_versions`. Which version is in force is computed
 * at query time from the effective dates (ContractQueries.serviceStatus).
 */
export function serviceStatusProjection(options: ContractProjectionOptions): Projection<ServiceStatusTables> {
  const { serializer } = options;
  return {
    name: SERVICE_STATUS_PROJECTION_NAME,
    version: 1,
    handles: SERVICE_EVENT_TYPES,
    tables: ['service_status', 'service_terms_versions'],

    async createTables(db) {
      await db.schema
        .createTable('service_status')
        .addColumn('id', columnType.text, (c) => c.primaryKey())
        .addColumn('suspended', columnType.boolean, (c) => c.notNull())
        .addColumn('reason', columnType.text)
        .addColumn('suspended_since', columnType.timestamp)
        .addColumn('version', columnType.integer, (c) => c.notNull())
        .addColumn('position', columnType.bigint, (c) => c.notNull())
        .addColumn('updated_at', columnType.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('service_terms_versions')
        .addColumn('version', columnType.text, (c) => c.primaryKey())
        .addColumn('effective_from', columnType.text, (c) => c.notNull())
        .addColumn('summary', columnType.text, (c) => c.notNull())
        .addColumn('document_sha256', columnType.text)
        .addColumn('revised_at', columnType.timestamp, (c) => c.notNull())
        .addColumn('position', columnType.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('service_terms_versions_by_effective').on('service_terms_versions').columns(['effective_from']).execute();
    },

    async apply(trx, recorded) {
      if (recorded.streamId !== SERVICE_STREAM_ID) {
        throw new Error(`${recorded.type} ${recorded.id} is in stream "${recorded.streamId}", not "${SERVICE_STREAM_ID}"`);
      }
      const decoded = await serializer.decode(recorded);
      if (!SERVICE_TYPES.has(decoded.event.type)) throw new Error(`${decoded.event.type} is not a service event`);
      const event = decoded.event as ServiceEvent;
      const stamp = { version: recorded.revision, position: recorded.position, updated_at: decoded.envelope.occurredAt.toISOString() };
      const upsert = (state: { suspended: number; reason: string | null; suspended_since: string | null } | null) =>
        trx
          .insertInto('service_status')
          .values({ id: SERVICE_STATUS_ROW_ID, suspended: toDbBool(false), reason: null, suspended_since: null, ...state, ...stamp })
          .onConflict((oc) => oc.column('id').doUpdateSet({ ...state, ...stamp }))
          .execute();
      switch (event.type) {
        case 'ServiceSuspended':
          await upsert({ suspended: toDbBool(true), reason: event.data.reason, suspended_since: event.data.suspendedAt.toISOString() });
          return;
        case 'ServiceResumed':
          await upsert({ suspended: toDbBool(false), reason: null, suspended_since: null });
          return;
        case 'TermsRevised': {
          const d = event.data;
          await trx
            .insertInto('service_terms_versions')
            .values({
              version: d.version, effective_from: d.effectiveFrom, summary: d.summary, document_sha256: d.documentSha256,
              revised_at: d.revisedAt.toISOString(), position: recorded.position,
            })
            .execute();
          await upsert(null);
          return;
        }
        default:
          throw new Error(`service_status: unhandled event ${(event as { type: string }).type}`);
      }
    },
  };
}

/** Both projections of the contract read model, for ReadModelsModule.forRoot({ projections }). */
export function contractReadModelProjections(options: ContractProjectionOptions): Projection[] {
  return [contractsProjection(options), serviceStatusProjection(options)];
}
