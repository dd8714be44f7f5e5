import { existsSync, readFileSync, rmSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { SimulatedClockStore } from './clocks';

type Tables = { simulated_clock: { id: number; now: string } };

/**
 * The simulated clock's instant in the read-model database (table `simulated_clock`, migration 0007 in
 * `./migrations/`): one row, moved only forwards, so every process sharing the database (PostgreSQL) reads one time.
 * Instants are ISO-8601 UTC text of fixed width, which compares as time on SQLite and PostgreSQL alike.
 */
export class SqlSimulatedClockStore implements SimulatedClockStore {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<any>) {
    this.db = db as Kysely<Tables>;
  }

  async read(): Promise<Date | null> {
    const row = await this.db.selectFrom('simulated_clock').select('now').where('id', '=', 1).executeTakeFirst();
    return row ? new Date(row.now) : null;
  }

  async advance(at: Date): Promise<Date> {
    const now = at.toISOString();
    await this.db
      .insertInto('simulated_clock')
      .values({ id: 1, now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ now }).where(sql.ref('simulated_clock.now'), '<', now))
      .execute();
    return (await this.read())!;
  }
}

/**
 * Moves the instant a single host kept in `<DATA_DIR>/simulated-clock.json` into the store (unless the store is
 * further already), then removes the file. Answers the instant moved, or null when there was no file.
 */
export async function importLegacyClockFile(file: string, store: SimulatedClockStore): Promise<Date | null> {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { now?: unknown };
  const at = typeof parsed.now === 'string' ? new Date(parsed.now) : null;
  if (!at || Number.isNaN(at.getTime())) throw new Error(`${file}: not a simulated clock file`);
  await store.advance(at);
  rmSync(file, { force: true });
  return at;
}
