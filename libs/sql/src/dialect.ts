import { Kysely, PostgresAdapter, RawBuilder, sql, SqliteAdapter } from 'kysely';

/**
 * The few places where SQLite and PostgreSQL differ, kept in one file. Every read model stores values in one
 * representation that both databases handle the same way:
 *
 * | value      | column type        | in the database              | in TypeScript |
 * |------------|--------------------|------------------------------|---------------|
 * | bigint     | `bigint`           | 64-bit integer               | `bigint` (read with `bigintText`, see below) |
 * | boolean    | `integer`          | 0 / 1                        | `boolean` via toDbBool / fromDbBool |
 * | JSON       | `text`             | JSON text                    | via toDbJson / fromDbJson |
 * | timestamp  | `text`             | ISO-8601 UTC, `…Z`, 24 chars | `Date` via toDbTimestamp / fromDbTimestamp; sorts as text |
 * | count(*)   | —                  | pg: int8 as string           | `number` via fromDbCount |
 *
 * Why: `pg` returns int8 as a string and better-sqlite3 returns it as a number that silently loses precision
 * above 2^53; booleans do not exist in SQLite; timestamptz comes back as Date from pg but SQLite has no such
 * type. One representation means one mapping layer and no "works on SQLite only" surprises.
 * Upserts need nothing here: Kysely's `onConflict(...).doUpdateSet(...)` compiles for both.
 */
export type ReadModelDialect = 'sqlite' | 'postgres';

/** Which database a Kysely instance talks to. */
export function dialectOf(db: Kysely<any>): ReadModelDialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error(`unsupported read-model dialect ${adapter.constructor.name}`);
}

/** Column types to use in `createTable(...).addColumn(name, type)`: the same DDL on both databases. */
export const columnType = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  boolean: 'integer',
  json: 'text',
  timestamp: 'text',
} as const;

export function toDbBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function fromDbBool(value: number | bigint | boolean | string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value === '1' || value === 't' || value === 'true';
  return Number(value) !== 0;
}

export function toDbJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromDbJson<T>(value: string | object): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function toDbTimestamp(value: Date): string {
  return value.toISOString();
}

export function fromDbTimestamp(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A bigint read back: pg gives int8 as text, SQLite as a number (exact only when read through bigintText). */
export function fromDbBigint(value: string | number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

export function fromDbBigintOrNull(value: string | number | bigint | null): bigint | null {
  return value === null ? null : fromDbBigint(value);
}

/** `count(*)` and other small aggregates: pg returns int8 as a string. */
export function fromDbCount(value: string | number | bigint): number {
  return Number(value);
}

/**
 * Selects a bigint column as decimal text on both databases, so values beyond 2^53 survive the SQLite driver:
 * `.select(bigintText('position').as('position'))`, then `fromDbBigint`. Sort by the qualified column
 * (`orderBy('t.position')`): an alias of the same name would sort the text.
 */
export function bigintText(column: string): RawBuilder<string | null> {
  return sql<string | null>`cast(${sql.ref(column)} as text)`;
}

/** Whether a table exists (PostgreSQL: in the first schema of the search_path, where unqualified names go). */
export async function tableExists(db: Kysely<any>, table: string): Promise<boolean> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = ${table}`.execute(db);
    return rows.length > 0;
  }
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return rows.length > 0;
}

/** Identifiers this library builds from names: plain lower-case, and within PostgreSQL's 63-byte limit. */
export function assertIdentifier(name: string, what: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > 63) {
    throw new Error(`${what} "${name}" must match [a-z_][a-z0-9_]* and be at most 63 characters`);
  }
}
