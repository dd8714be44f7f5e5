import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from '@pfw/read-models';

describe('withStatementCache (SQLite read-model connection)', () => {
  let raw: Database.Database;

  beforeEach(() => {
    raw = new Database(':memory:');
  });
  afterEach(() => {
    if (raw.open) raw.close();
  });

  it('hands out the same prepared statement for the same SQL text', () => {
    const cached = withStatementCache(raw);
    const a = cached.prepare('SELECT 1 AS one');
    const b = cached.prepare('SELECT 1 AS one');
    const c = cached.prepare('SELECT 2 AS two');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a.all([])).toEqual([{ one: 1 }]);
    expect(b.all([])).toEqual([{ one: 1 }]);
  });

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    raw.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    const cached = withStatementCache(raw);
    const first = cached.prepare('SELECT n FROM t ORDER BY n');
    const iterator = first.iterate([]);
    expect(iterator.next().value).toEqual({ n: 1 });
    const second = cached.prepare('SELECT n FROM t ORDER BY n');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...iterator]).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cached.prepare('SELECT n FROM t ORDER BY n')).toBe(first);
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const cached = withStatementCache(raw, 2);
    const one = cached.prepare('SELECT 1');
    const two = cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 1')).toBe(one);
    cached.prepare('SELECT 3');
    expect(cached.prepare('SELECT 1')).toBe(one);
    expect(cached.prepare('SELECT 2')).not.toBe(two);
  });

  it('answers correctly through Kysely after the tables it read were dropped and recreated (a rebuild swap)', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
    await sql`CREATE TABLE v (id TEXT PRIMARY KEY, n INTEGER)`.execute(db);
    await db.insertInto('v').values({ id: 'a', n: 1 }).execute();
    const read = () => db.selectFrom('v').select(['id', 'n']).where('id', '=', 'a').executeTakeFirst();
    expect(await read()).toEqual({ id: 'a', n: 1 });
    await db.transaction().execute(async (trx) => {
      await sql`CREATE TABLE v__fresh (id TEXT PRIMARY KEY, n INTEGER, extra TEXT)`.execute(trx);
      await trx.insertInto('v__fresh').values({ id: 'a', n: 2, extra: 'x' }).execute();
      await sql`DROP TABLE v`.execute(trx);
      await sql`ALTER TABLE v__fresh RENAME TO v`.execute(trx);
    });
    expect(await read()).toEqual({ id: 'a', n: 2 });
    await db.destroy();
    expect(raw.open).toBe(false);
  });
});
