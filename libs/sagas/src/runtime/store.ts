import { Kysely, Transaction } from 'kysely';
import type { ReadModelDb } from '@pfw/read-models';
import { bigintText, fromDbBigintOrNull, fromDbCount, fromDbJson, fromDbTimestamp, toDbJson, toDbTimestamp } from '@pfw/sql';
import type { Json, JsonRecord } from './saga';

/** Table types of migration 0002 (`../migrations/0002-saga-tables.ts`). */
export type SagaTables = {
  saga_checkpoints: { saga: string; position: string | number | bigint | null; updated_at: string };
  saga_states: { saga: string; contract_id: string; state: string; updated_at: string };
  saga_deadlines: {
    id: string;
    saga: string;
    contract_id: string;
    kind: string;
    due_at: string;
    payload: string;
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: string;
    outcome: string | null;
    trigger_event_id: string | null;
    trigger_position: string | number | bigint;
    step: number;
    correlation_id: string;
    causation_id: string | null;
    claim_token: string | null;
    claimed_until: string | null;
    created_at: string;
    updated_at: string;
    finished_at: string | null;
  };
  saga_ca_orders: {
    order_id: string;
    contract_id: string;
    kind: string;
    deadline_id: string;
    correlation_id: string;
    tracking_id: string | null;
    state: string;
    submitted_at: string;
    completed_at: string | null;
  };
};

export type SagaDb = Kysely<SagaTables>;
type Executor = Kysely<SagaTables> | Transaction<SagaTables>;

/**
 * - `pending`: waits for its time (`next_attempt_at`), then the poller runs it;
 * - `done`: ran (or found nothing left to do: `outcome` says which);
 * - `cancelled`: the saga cancelled it before it ran;
 * - `stuck`: failed `maxAttempts` times, or needs a person; waits for `retryProcess`.
 */
export type DeadlineStatus = 'pending' | 'done' | 'cancelled' | 'stuck';

export interface DeadlineRow {
  readonly id: string;
  readonly saga: string;
  readonly contractId: string;
  readonly kind: string;
  readonly dueAt: Date;
  readonly payload: JsonRecord;
  readonly status: DeadlineStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date;
  readonly outcome: string | null;
  readonly triggerEventId: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

export interface NewDeadline {
  readonly id: string;
  readonly saga: string;
  readonly contractId: string;
  readonly kind: string;
  readonly dueAt: Date;
  readonly payload: JsonRecord;
  readonly triggerEventId: string | null;
  /** Orders deadlines due at the same instant: the log position of what caused them, then `step`. */
  readonly triggerPosition: bigint;
  readonly step: number;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export interface CaOrderRow {
  readonly orderId: string;
  readonly contractId: string;
  readonly kind: string;
  readonly deadlineId: string;
  readonly correlationId: string;
  readonly trackingId: string | null;
  readonly state: 'submitting' | 'submitted' | 'completed' | 'cancelled' | 'unknown';
}

function toRow(r: SagaTables['saga_deadlines']): DeadlineRow {
  return {
    id: r.id,
    saga: r.saga,
    contractId: r.contract_id,
    kind: r.kind,
    dueAt: fromDbTimestamp(r.due_at),
    payload: fromDbJson<JsonRecord>(r.payload),
    status: r.status as DeadlineStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    nextAttemptAt: fromDbTimestamp(r.next_attempt_at),
    outcome: r.outcome,
    triggerEventId: r.trigger_event_id,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    createdAt: fromDbTimestamp(r.created_at),
    updatedAt: fromDbTimestamp(r.updated_at),
    finishedAt: r.finished_at === null ? null : fromDbTimestamp(r.finished_at),
  };
}

const DEADLINE_COLUMNS = [
  'id', 'saga', 'contract_id', 'kind', 'due_at', 'payload', 'status', 'attempts', 'last_error', 'next_attempt_at', 'outcome',
  'trigger_event_id', 'trigger_position', 'step', 'correlation_id', 'causation_id', 'claim_token', 'claimed_until', 'created_at',
  'updated_at', 'finished_at',
] as const;

/** Every query of the saga runtime, over the read-model database (SQLite or PostgreSQL, one code path). */
export class SagaStore {
  readonly db: SagaDb;

  constructor(db: ReadModelDb) {
    this.db = db.withTables<SagaTables>() as unknown as SagaDb;
  }

  // ------------------------------------------------------------------ checkpoints and state

  async ensureCheckpoint(saga: string, now: Date): Promise<void> {
    await this.db
      .insertInto('saga_checkpoints')
      .values({ saga, position: null, updated_at: toDbTimestamp(now) })
      .onConflict((oc) => oc.column('saga').doNothing())
      .execute();
  }

  async readCheckpoint(saga: string, db: Executor = this.db): Promise<bigint | null> {
    const row = await db
      .selectFrom('saga_checkpoints')
      .select([bigintText('position').as('position')])
      .where('saga', '=', saga)
      .executeTakeFirst();
    return row ? fromDbBigintOrNull(row.position) : null;
  }

  /**
   * Moves the checkpoint from `from` to `to` if it is still at `from`: the transaction's first statement,
   * so it takes the write lock (SQLite) or the row lock (PostgreSQL) before anything is read.
   */
  async advanceCheckpoint(trx: Executor, saga: string, from: bigint | null, to: bigint, now: Date): Promise<boolean> {
    let query = trx.updateTable('saga_checkpoints').set({ position: to as never, updated_at: toDbTimestamp(now) }).where('saga', '=', saga);
    query = from === null ? query.where('position', 'is', null) : query.where('position', '=', from as never);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async readState<S extends Json>(trx: Executor, saga: string, contractId: string): Promise<S | null> {
    const row = await trx.selectFrom('saga_states').select('state').where('saga', '=', saga).where('contract_id', '=', contractId).executeTakeFirst();
    return row ? fromDbJson<S>(row.state) : null;
  }

  async writeState(trx: Executor, saga: string, contractId: string, state: Json, now: Date): Promise<void> {
    await trx
      .insertInto('saga_states')
      .values({ saga, contract_id: contractId, state: toDbJson(state), updated_at: toDbTimestamp(now) })
      .onConflict((oc) => oc.columns(['saga', 'contract_id']).doUpdateSet({ state: toDbJson(state), updated_at: toDbTimestamp(now) }))
      .execute();
  }

  // ------------------------------------------------------------------ deadlines

  /** Inserts unless a deadline with this id exists — whatever its status: a replay never revives one. */
  async insertDeadline(trx: Executor, d: NewDeadline, now: Date): Promise<boolean> {
    const result = await trx
      .insertInto('saga_deadlines')
      .values({
        id: d.id,
        saga: d.saga,
        contract_id: d.contractId,
        kind: d.kind,
        due_at: toDbTimestamp(d.dueAt),
        payload: toDbJson(d.payload),
        status: 'pending',
        attempts: 0,
        last_error: null,
        next_attempt_at: toDbTimestamp(d.dueAt),
        outcome: null,
        trigger_event_id: d.triggerEventId,
        trigger_position: d.triggerPosition as never,
        step: d.step,
        correlation_id: d.correlationId,
        causation_id: d.causationId,
        claim_token: null,
        claimed_until: null,
        created_at: toDbTimestamp(now),
        updated_at: toDbTimestamp(now),
        finished_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Cancels the pending ones among `ids`; returns how many. */
  async cancelDeadlines(trx: Executor, ids: readonly string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await trx
      .updateTable('saga_deadlines')
      .set({ status: 'cancelled', outcome: 'cancelled by the saga', updated_at: toDbTimestamp(now), finished_at: toDbTimestamp(now) })
      .where('id', 'in', [...ids])
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getDeadline(id: string): Promise<DeadlineRow | null> {
    const row = await this.db.selectFrom('saga_deadlines').select(DEADLINE_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  async listDeadlines(filter: { contractId?: string; status?: DeadlineStatus; saga?: string } = {}): Promise<DeadlineRow[]> {
    let q = this.db.selectFrom('saga_deadlines').select(DEADLINE_COLUMNS);
    if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.saga) q = q.where('saga', '=', filter.saga);
    const rows = await q.orderBy('next_attempt_at').orderBy('trigger_position').orderBy('step').orderBy('id').execute();
    return rows.map(toRow);
  }

  /**
   * Pending deadlines due at `now` (the domain clock), unclaimed or with a claim that ran out by `leaseNow`
   * (wall-clock time: a simulated clock stands still, so a lease measured on it would never run out), in
   * due order.
   */
  async dueDeadlines(now: Date, limit: number, exclude: ReadonlySet<string>, leaseNow: Date, sagas?: readonly string[]): Promise<DeadlineRow[]> {
    if (sagas && sagas.length === 0) return [];
    const t = toDbTimestamp(now);
    const lease = toDbTimestamp(leaseNow);
    let q = this.db
      .selectFrom('saga_deadlines')
      .select(DEADLINE_COLUMNS)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', t)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', lease)]));
    if (sagas) q = q.where('saga', 'in', [...sagas]);
    if (exclude.size > 0) q = q.where('id', 'not in', [...exclude]);
    const rows = await q.orderBy('next_attempt_at').orderBy('trigger_position').orderBy('step').orderBy('id').limit(limit).execute();
    return rows.map(toRow);
  }

  /** Whether a step of one of `sagas` is pending and due at `now`, claimed (running) or not. */
  async anyDue(now: Date, sagas: readonly string[]): Promise<boolean> {
    if (sagas.length === 0) return false;
    const row = await this.db
      .selectFrom('saga_deadlines')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', toDbTimestamp(now))
      .where('saga', 'in', [...sagas])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The earliest instant after `after` at which a pending deadline falls due, or null. */
  async nextDueAfter(after: Date): Promise<Date | null> {
    const row = await this.db
      .selectFrom('saga_deadlines')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('status', '=', 'pending')
      .where('next_attempt_at', '>', toDbTimestamp(after))
      .executeTakeFirst();
    return row?.next ? fromDbTimestamp(row.next as string) : null;
  }

  /** Claims a pending deadline for `token` until `leaseUntil` (wall-clock), unless another live claim holds it. */
  async claim(id: string, token: string, leaseNow: Date, leaseUntil: Date): Promise<boolean> {
    const t = toDbTimestamp(leaseNow);
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ claim_token: token, claimed_until: toDbTimestamp(leaseUntil) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', t)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Extends a claim `token` still holds to `leaseUntil`; false when it lost the claim meanwhile. */
  async renew(id: string, token: string, leaseUntil: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ claimed_until: toDbTimestamp(leaseUntil) })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Every claim currently held (id and token), for releasing those of processes that died. */
  async claims(): Promise<Array<{ id: string; token: string }>> {
    const rows = await this.db.selectFrom('saga_deadlines').select(['id', 'claim_token']).where('claim_token', 'is not', null).execute();
    return rows.map((r) => ({ id: r.id, token: r.claim_token! }));
  }

  async release(id: string, token: string): Promise<void> {
    await this.db.updateTable('saga_deadlines').set({ claim_token: null, claimed_until: null }).where('id', '=', id).where('claim_token', '=', token).execute();
  }

  async markDone(id: string, token: string, outcome: string, now: Date): Promise<boolean> {
    const t = toDbTimestamp(now);
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ status: 'done', outcome, claim_token: null, claimed_until: null, updated_at: t, finished_at: t })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Stays pending, to run again at `at` (a retry after a failure, or a wait the action asked for). */
  async reschedule(id: string, token: string, at: Date, attempts: number, lastError: string | null, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ next_attempt_at: toDbTimestamp(at), attempts, last_error: lastError, claim_token: null, claimed_until: null, updated_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markStuck(id: string, token: string, attempts: number, lastError: string, now: Date): Promise<boolean> {
    const t = toDbTimestamp(now);
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ status: 'stuck', attempts, last_error: lastError, claim_token: null, claimed_until: null, updated_at: t, finished_at: t })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** stuck → pending, due now, its failure count reset (the last error stays for the record). */
  async retryStuck(id: string, now: Date): Promise<boolean> {
    const t = toDbTimestamp(now);
    const result = await this.db
      .updateTable('saga_deadlines')
      .set({ status: 'pending', attempts: 0, next_attempt_at: t, finished_at: null, updated_at: t })
      .where('id', '=', id)
      .where('status', '=', 'stuck')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Inserts (or, after a crash, finds) a deadline created outside a saga reaction (the CA results). */
  async insertStandalone(d: NewDeadline, now: Date): Promise<boolean> {
    return this.insertDeadline(this.db, d, now);
  }

  async countByStatus(): Promise<Record<DeadlineStatus, number>> {
    const rows = await this.db.selectFrom('saga_deadlines').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
    const out: Record<DeadlineStatus, number> = { pending: 0, done: 0, cancelled: 0, stuck: 0 };
    for (const r of rows) out[r.status as DeadlineStatus] = fromDbCount(r.n as string | number);
    return out;
  }

  // ------------------------------------------------------------------ CA orders

  /** Records the contract of a CA order before it is submitted (the CA's answer names only the order). */
  async recordCaOrder(order: Omit<CaOrderRow, 'trackingId' | 'state'>, now: Date): Promise<void> {
    await this.db
      .insertInto('saga_ca_orders')
      .values({
        order_id: order.orderId,
        contract_id: order.contractId,
        kind: order.kind,
        deadline_id: order.deadlineId,
        correlation_id: order.correlationId,
        tracking_id: null,
        state: 'submitting',
        submitted_at: toDbTimestamp(now),
        completed_at: null,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .execute();
  }

  async setCaOrderTracking(orderId: string, trackingId: string): Promise<void> {
    await this.db
      .updateTable('saga_ca_orders')
      .set({ tracking_id: trackingId, state: 'submitted' })
      .where('order_id', '=', orderId)
      .where('state', '=', 'submitting')
      .execute();
  }

  async setCaOrderState(orderId: string, state: CaOrderRow['state'], now: Date): Promise<void> {
    await this.db.updateTable('saga_ca_orders').set({ state, completed_at: toDbTimestamp(now) }).where('order_id', '=', orderId).execute();
  }

  async getCaOrder(orderId: string): Promise<CaOrderRow | null> {
    const r = await this.db.selectFrom('saga_ca_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    return r ? caOrder(r) : null;
  }

  async openCaOrders(): Promise<CaOrderRow[]> {
    const rows = await this.db.selectFrom('saga_ca_orders').selectAll().where('state', '=', 'submitted').orderBy('submitted_at').execute();
    return rows.map(caOrder);
  }
}

function caOrder(r: SagaTables['saga_ca_orders']): CaOrderRow {
  return {
    orderId: r.order_id,
    contractId: r.contract_id,
    kind: r.kind,
    deadlineId: r.deadline_id,
    correlationId: r.correlation_id,
    trackingId: r.tracking_id,
    state: r.state as CaOrderRow['state'],
  };
}
