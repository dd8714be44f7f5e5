import { sql } from 'kysely';
import { type ReadModelDb } from '@pfw/read-models';
import { dialectOf } from '@pfw/sql';

/**
 * A table's indexes as the database describes them (SQLite: sqlite_master and PRAGMA index_info; PostgreSQL:
 * pg_index and pg_get_indexdef), sorted, with what legitimately differs between generations taken out: the
 * `__g<N>` suffix of index names, and the name of the primary key's index (chosen by the database from the
 * table's name at creation). Everything else — which indexes, unique or not, on which columns in which
 * order, the full definition text — is kept, so two tables compare equal only with the same indexes.
 */
export async function indexDefinitions(db: ReadModelDb, table: string): Promise<string[]> {
  const generationless = (text: string) => text.replace(/__g\d+/g, '__g*');
  if (dialectOf(db) === 'sqlite') {
    const list = (await sql<{ name: string; unique: number; origin: string }>`select * from pragma_index_list(${table})`.execute(db)).rows;
    const out: string[] = [];
    for (const index of list) {
      const columns = (await sql<{ seqno: number; name: string }>`select seqno, name from pragma_index_info(${index.name})`.execute(db)).rows
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name);
      const master = (await sql<{ sql: string | null }>`select sql from sqlite_master where type = 'index' and name = ${index.name}`.execute(db)).rows[0];
      const name = index.origin === 'pk' ? '(primary key)' : generationless(index.name);
      out.push(`${name} unique=${index.unique} origin=${index.origin} (${columns.join(', ')}) ${generationless(master?.sql ?? '')}`);
    }
    return out.sort();
  }
  const rows = (
    await sql<{ name: string; def: string; primary: boolean; unique: boolean }>`
      select i.relname as name, pg_get_indexdef(i.oid) as def, x.indisprimary as primary, x.indisunique as unique
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = ${table}`.execute(db)
  ).rows;
  return rows
    .map((r) => {
      const name = r.primary ? '(primary key)' : generationless(r.name);
      const def = generationless(r.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON/, 'CREATE $1INDEX ON'));
      return `${name} unique=${r.unique} ${r.primary ? def : generationless(r.def)}`;
    })
    .sort();
}
