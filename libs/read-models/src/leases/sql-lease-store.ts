import { Kysely, sql } from 'kysely';
import type { LeaseMember, LeaseRecord, LeaseStore } from '@pfw/consumers';
import { dialectOf, fromDbJson, toDbJson } from '@pfw/sql';

interface LeaseTables {
  consumer_leases: {
    name: string;
    owner: string;
    expires_at: number | string | bigint;
    acquired_at: number | string | bigint;
    renewed_at: number | string | bigint;
    takeovers: number | string;
  };
  consumer_lease_members: {
    owner: string;
    expires_at: number | string | bigint;
    wants: string;
  };
}

const STALE_MEMBER_MS = 60 * 60 * 1000;

/**
 * The leases of ConsumerLeases in the read-model database (migration 0009), on SQLite (one host: its
 * processes share the file) and PostgreSQL (every process of a deployment). Each operation is one statement:
 * taking a lease is an upsert whose update only happens when the lease is free, ran out, or is the taker's
 * own, so two processes can never both hold it.
 */
export class SqlLeaseStore implements LeaseStore {
  private readonly db: Kysely<LeaseTables>;

  constructor(db: Kysely<any>) {
    this.db = db as Kysely<LeaseTables>;
    // SQLite is shared by the processes of one host only, which read one clock: no store clock needed.
    this.time = dialectOf(db) === 'postgres' ? () => this.databaseTime() : undefined;
  }

  /** The store's clock (LeaseStore.time): PostgreSQL's, or none on SQLite. */
  readonly time: (() => Promise<number>) | undefined;

  /** PostgreSQL's clock (`clock_timestamp()`, not the transaction's start), in ms: the one clock of leases. */
  private async databaseTime(): Promise<number> {
    const { rows } = await sql<{ now: number | string }>`select (extract(epoch from clock_timestamp()) * 1000)::float8 as now`.execute(this.db);
    return Number(rows[0]!.now);
  }

  async acquire(input: { name: string; owner: string; now: number; until: number; freeBefore: number }): Promise<boolean> {
    if (input.freeBefore < input.now) {
      // A lease nobody held yet counts as free from now on: a member it does not belong to waits like for any.
      await this.db
        .insertInto('consumer_leases')
        .values({ name: input.name, owner: '', expires_at: input.now, acquired_at: input.now, renewed_at: input.now, takeovers: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
    const result = await this.db
      .insertInto('consumer_leases')
      .values({ name: input.name, owner: input.owner, expires_at: input.until, acquired_at: input.now, renewed_at: input.now, takeovers: 0 })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({
            owner: eb.ref('excluded.owner'),
            expires_at: eb.ref('excluded.expires_at'),
            renewed_at: eb.ref('excluded.renewed_at'),
            acquired_at: sql<number>`case when consumer_leases.owner = excluded.owner then consumer_leases.acquired_at else excluded.acquired_at end`,
            takeovers: sql<number>`case when consumer_leases.owner = excluded.owner or consumer_leases.owner = '' then consumer_leases.takeovers else consumer_leases.takeovers + 1 end`,
          }))
          .where((eb) => eb.or([eb('consumer_leases.expires_at', '<=', input.freeBefore), eb('consumer_leases.owner', '=', input.owner)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async renew(name: string, owner: string, now: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('consumer_leases')
      .set({ expires_at: until, renewed_at: now })
      .where('name', '=', name)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(name: string, owner: string, now: number): Promise<void> {
    // Nobody's from now on: not even `owner` may take it back by the "already mine" rule.
    await this.db.updateTable('consumer_leases').set({ owner: '', expires_at: now }).where('name', '=', name).where('owner', '=', owner).execute();
  }

  async heartbeat(member: LeaseMember): Promise<void> {
    await this.db
      .insertInto('consumer_lease_members')
      .values({ owner: member.owner, expires_at: member.expiresAt, wants: toDbJson(member.wants) })
      .onConflict((oc) => oc.column('owner').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at'), wants: eb.ref('excluded.wants') })))
      .execute();
  }

  async members(now: number): Promise<LeaseMember[]> {
    // Every start draws a new owner id: heartbeats of processes gone for an hour are forgotten.
    await this.db.deleteFrom('consumer_lease_members').where('expires_at', '<', now - STALE_MEMBER_MS).execute();
    const rows = await this.db.selectFrom('consumer_lease_members').selectAll().where('expires_at', '>', now).orderBy('owner').execute();
    return rows.map((r) => ({ owner: r.owner, expiresAt: Number(r.expires_at), wants: fromDbJson<Record<string, number>>(r.wants) }));
  }

  async leave(owner: string): Promise<void> {
    await this.db.deleteFrom('consumer_lease_members').where('owner', '=', owner).execute();
  }

  async leases(): Promise<LeaseRecord[]> {
    const rows = await this.db.selectFrom('consumer_leases').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      owner: r.owner,
      expiresAt: Number(r.expires_at),
      acquiredAt: Number(r.acquired_at),
      renewedAt: Number(r.renewed_at),
      takeovers: Number(r.takeovers),
    }));
  }
}
