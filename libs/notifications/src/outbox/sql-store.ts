import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type { NotificationChannel, NotificationKind } from '../kinds';
import type {
  AcceptedReceipt, FailureUpdate, OutboxNoticeStatus, OutboxRow, OutboxStage, OutboxStatus, OutboxStore, PreparedNotice, PurgeReport,
} from './store';

/** `notification_outbox` as migration 0005 (`../migrations/0005-notification-outbox.ts`) creates it; instants are epoch milliseconds. */
export interface OutboxTable {
  seq: Generated<number | string>;
  id: string;
  contract_id: string;
  kind: string;
  channel: string;
  causation_id: string;
  protector: string;
  payload: Uint8Array | null;
  status: string;
  attempts: number;
  record_attempts: number;
  next_attempt_at: number | string | null;
  claim_token: string | null;
  claimed_until: number | string | null;
  enqueued_at: number | string;
  sent_at: number | string | null;
  message_id: string | null;
  transport: string | null;
  response: string | null;
  recorded_at: number | string | null;
  last_error: string | null;
  last_error_at: number | string | null;
  stuck_at: number | string | null;
  stuck_stage: string | null;
  purged_at: number | string | null;
}

type Tables = { notification_outbox: OutboxTable };
type Insertable = Omit<OutboxTable, 'seq'>;
type Row = Selectable<OutboxTable>;

const ms = (value: number | string | null): Date | null => (value === null ? null : new Date(Number(value)));

function status(r: Row): OutboxNoticeStatus {
  return {
    id: r.id,
    contractId: r.contract_id,
    kind: r.kind as NotificationKind,
    channel: r.channel as NotificationChannel,
    causationId: r.causation_id,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    recordAttempts: Number(r.record_attempts),
    nextAttemptAt: ms(r.next_attempt_at),
    enqueuedAt: new Date(Number(r.enqueued_at)),
    sentAt: ms(r.sent_at),
    messageId: r.message_id,
    transport: r.transport,
    response: r.response,
    recordedAt: ms(r.recorded_at),
    lastError: r.last_error,
    lastErrorAt: ms(r.last_error_at),
    stuckAt: ms(r.stuck_at),
    stuckStage: r.stuck_stage as OutboxStage | null,
    purgedAt: ms(r.purged_at),
  };
}

function row(r: Row): OutboxRow {
  return { ...status(r), protectorId: r.protector, payload: r.payload === null ? null : new Uint8Array(r.payload) };
}

/**
 * The outbox in the read-model database (SQLite on one host, PostgreSQL shared by every worker), so every
 * process sees the same notices: which are sent, which are stuck (`stuckProcesses` on any api), and a notice
 * claimed by one worker is not sent by another. A claim is a conditional update (`claimed_until` expired or
 * unset), re-checked by PostgreSQL on the row it updates, so two dispatchers never hold the same row.
 */
export class SqlOutboxStore implements OutboxStore {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<any>) {
    this.db = db.withTables<Tables>() as unknown as Kysely<Tables>;
  }

  async insert(n: PreparedNotice, now: Date): Promise<boolean> {
    const values: Insertable = {
      id: n.id, contract_id: n.contractId, kind: n.kind, channel: n.channel, causation_id: n.causationId, protector: n.protectorId,
      payload: Buffer.from(n.payload), status: 'PENDING', attempts: 0, record_attempts: 0, next_attempt_at: now.getTime(), claim_token: null,
      claimed_until: null, enqueued_at: now.getTime(), sent_at: null, message_id: null, transport: null, response: null, recorded_at: null,
      last_error: null, last_error_at: null, stuck_at: null, stuck_stage: null, purged_at: null,
    };
    const result = await this.db.insertInto('notification_outbox').values(values).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async claimDue(now: Date, limit: number, leaseUntil: Date, token: string, leaseNow: Date = now): Promise<OutboxRow[]> {
    const t = now.getTime();
    const lt = leaseNow.getTime();
    const due = await this.db
      .selectFrom('notification_outbox')
      .select('id')
      .where('status', 'in', ['PENDING', 'ACCEPTED'])
      .where('next_attempt_at', '<=', t)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', lt)]))
      .orderBy('next_attempt_at')
      .orderBy('seq')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    await this.db
      .updateTable('notification_outbox')
      .set({ claim_token: token, claimed_until: leaseUntil.getTime() })
      .where('id', 'in', due.map((d) => d.id))
      .where('status', 'in', ['PENDING', 'ACCEPTED'])
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', lt)]))
      .execute();
    const rows = await this.db.selectFrom('notification_outbox').selectAll().where('claim_token', '=', token).orderBy('next_attempt_at').orderBy('seq').execute();
    return rows.map(row);
  }

  async markAccepted(id: string, token: string, r: AcceptedReceipt): Promise<boolean> {
    const result = await this.db
      .updateTable('notification_outbox')
      .set({ status: 'ACCEPTED', sent_at: r.sentAt.getTime(), message_id: r.messageId, transport: r.transport, response: r.response, next_attempt_at: r.sentAt.getTime() })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markRecorded(id: string, token: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('notification_outbox')
      .set({ status: 'RECORDED', recorded_at: at.getTime(), next_attempt_at: null, claim_token: null, claimed_until: null })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', 'ACCEPTED')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markFailed(id: string, token: string, f: FailureUpdate): Promise<boolean> {
    const from = f.stage === 'send' ? 'PENDING' : 'ACCEPTED';
    const stuck = f.nextAttemptAt === null;
    const result = await this.db
      .updateTable('notification_outbox')
      .set({
        ...(f.stage === 'send' ? { attempts: f.attempts } : { record_attempts: f.attempts }),
        last_error: f.error,
        last_error_at: f.at.getTime(),
        status: stuck ? 'STUCK' : from,
        next_attempt_at: stuck ? null : f.nextAttemptAt!.getTime(),
        stuck_at: stuck ? f.at.getTime() : null,
        stuck_stage: stuck ? f.stage : null,
        claim_token: null,
        claimed_until: null,
      })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(id: string, token: string): Promise<void> {
    await this.db.updateTable('notification_outbox').set({ claim_token: null, claimed_until: null }).where('id', '=', id).where('claim_token', '=', token).execute();
  }

  async get(id: string): Promise<OutboxRow | null> {
    const r = await this.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? row(r) : null;
  }

  async listByContract(contractId: string): Promise<OutboxNoticeStatus[]> {
    return (await this.db.selectFrom('notification_outbox').selectAll().where('contract_id', '=', contractId).orderBy('seq').execute()).map(status);
  }

  async listStuck(): Promise<OutboxNoticeStatus[]> {
    return (await this.db.selectFrom('notification_outbox').selectAll().where('status', '=', 'STUCK').orderBy('stuck_at').orderBy('seq').execute()).map(status);
  }

  async retry(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('notification_outbox')
      .set({
        status: sql`case stuck_stage when 'record' then 'ACCEPTED' else 'PENDING' end`,
        attempts: sql`case stuck_stage when 'record' then attempts else 0 end`,
        record_attempts: sql`case stuck_stage when 'record' then 0 else record_attempts end`,
        next_attempt_at: now.getTime(),
        stuck_at: null,
        stuck_stage: null,
        claim_token: null,
        claimed_until: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'STUCK')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async purgeContract(contractId: string, now: Date): Promise<PurgeReport> {
    return this.db.transaction().execute(async (trx) => {
      const unfinished = await trx
        .selectFrom('notification_outbox')
        .select('id')
        .where('contract_id', '=', contractId)
        .where('status', 'in', ['PENDING', 'ACCEPTED', 'STUCK'])
        .orderBy('seq')
        .execute();
      const result = await trx
        .updateTable('notification_outbox')
        .set({
          payload: null,
          last_error: null,
          response: null,
          purged_at: now.getTime(),
          status: sql`case when status in ('PENDING','ACCEPTED','STUCK') then 'PURGED' else status end`,
          next_attempt_at: null,
          claim_token: null,
          claimed_until: null,
        })
        .where('contract_id', '=', contractId)
        .where((eb) => eb.or([eb('payload', 'is not', null), eb('last_error', 'is not', null), eb('response', 'is not', null)]))
        .executeTakeFirst();
      return { purged: Number(result.numUpdatedRows), unfinished: unfinished.map((u) => u.id) };
    });
  }

  async nextDueAt(countLeases = true): Promise<Date | null> {
    const due = countLeases
      ? sql<number | string | null>`min(case when claimed_until is not null and claimed_until > next_attempt_at then claimed_until else next_attempt_at end)`
      : sql<number | string | null>`min(next_attempt_at)`;
    const r = await this.db
      .selectFrom('notification_outbox')
      .select(due.as('due'))
      .where('status', 'in', ['PENDING', 'ACCEPTED'])
      .executeTakeFirst();
    return r?.due === null || r?.due === undefined ? null : new Date(Number(r.due));
  }

  /**
   * Moves the outbox a single host kept in a SQLite file of its own (`<DATA_DIR>/notifications.sqlite`) into
   * this one, every notice as it stood (claims released), then deletes that file. Safe to run again after a
   * crash: notices already here are left as they are. Returns how many were moved (0 without a file).
   */
  async importFrom(file: string): Promise<number> {
    if (!existsSync(file)) return 0;
    const legacy = new Database(file, { fileMustExist: true });
    let rows: Array<Insertable & { seq?: number }>;
    try {
      rows = legacy.prepare('SELECT * FROM notification_outbox ORDER BY seq').all() as Array<Insertable & { seq?: number }>;
    } finally {
      legacy.close();
    }
    let moved = 0;
    for (const { seq: _seq, ...r } of rows) {
      const result = await this.db
        .insertInto('notification_outbox')
        .values({ ...r, claim_token: null, claimed_until: null })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      moved += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    return moved;
  }

  /** The connection belongs to the caller (the read-model database). */
  async close(): Promise<void> {}
}
