import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createReadModelDb } from '@pfw/read-models';

/** Two connections of one process to the read-model file: a transaction held across awaits, a write beside it. */
describe('read-model SQLite connection that yields when busy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-rm-busy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for the other connection’s transaction without holding up the event loop it needs', async () => {
    const first = createReadModelDb({ readModelUrl: null, dataDir: dir });
    const second = createReadModelDb({ readModelUrl: null, dataDir: dir, sqliteBusy: 'yield' });
    try {
      await sql`CREATE TABLE t (x INTEGER)`.execute(first);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inTransaction!: () => void;
      const begun = new Promise<void>((resolve) => (inTransaction = resolve));
      // Given a transaction on the first connection that holds the write lock across an await
      const transaction = first.transaction().execute(async (trx) => {
        await sql`INSERT INTO t VALUES (1)`.execute(trx);
        inTransaction();
        await held;
        await sql`INSERT INTO t VALUES (2)`.execute(trx);
      });
      await begun;
      // When the second connection writes meanwhile, then it waits (asynchronously) for that transaction's commit
      let written = false;
      const write = sql`INSERT INTO t VALUES (3)`.execute(second).then(() => (written = true));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(written).toBe(false);
      release();
      await transaction;
      await write;
      const { rows } = await sql<{ x: number }>`SELECT x FROM t ORDER BY x`.execute(second);
      expect(rows.map((r) => r.x)).toEqual([1, 2, 3]);
    } finally {
      await second.destroy();
      await first.destroy();
    }
  });
});
