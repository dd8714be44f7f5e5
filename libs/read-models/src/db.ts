import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Dialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { Pool } from 'pg';
import type { ReadModelTables } from './schema';

/** Where the read models live: the part of AppConfig this library needs, plus knobs for tests and ops. */
export interface ReadModelDbConfig {
  /** null: SQLite file `<dataDir>/read-models.sqlite`; else a `postgres://…` URL. */
  readonly readModelUrl: string | null;
  readonly dataDir: string;
  /**
   * PostgreSQL only: connections in the pool (default 10). PGlite behind pglite-socket serves one connection
   * at a time, so the tests use 1.
   */
  readonly poolMax?: number;
  /** PostgreSQL only: a schema to put first on every connection's search_path (tests: one schema per test). */
  readonly schema?: string;
  /**
   * SQLite only: how a statement waits while another connection holds the write lock. `block` (default):
   * busy_timeout, up to 5 s, holding the event loop. `yield`: the statement is retried after a short asynchronous
   * pause instead, for a second connection of this very process — blocking would also stop the first connection's
   * transaction (its next statement waits for the event loop), so the two would wait on each other until the
   * timeout.
   */
  readonly sqliteBusy?: 'block' | 'yield';
}

/** How long a yielding SQLite connection keeps retrying a busy statement before it gives up. */
const YIELD_BUSY_FOR_MS = 5_000;

/** Prepared statements kept per connection (see withStatementCache). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query it runs, and preparing costs about as much as running a small
 * query: a projection applying thousands of events spent a fifth of its time in `prepare` (bench/).
 * This keeps the last STATEMENT_CACHE_SIZE statements by SQL text and hands them out again. SQLite
 * re-prepares a statement by itself when the schema changed under it (a rebuild's swap), better-sqlite3 resets
 * a statement after `all`/`run`, and a statement still being iterated (`busy`) is never handed out twice — a
 * fresh one is prepared instead — so reuse changes nothing but the time.
 */
export function withStatementCache(database: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached as unknown as SqliteStatement;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement as unknown as SqliteStatement;
    },
    close(): void {
      cache.clear();
      database.close();
    },
  };
}

/** The read-model database: one Kysely code path over SQLite or PostgreSQL. */
export type ReadModelDb = Kysely<ReadModelTables>;

export const READ_MODEL_SQLITE_FILE = 'read-models.sqlite';

/**
 * Opens the read-model database the configuration names. SQLite: one better-sqlite3 connection in WAL mode
 * (readers in other processes never block the projector); synchronous=NORMAL is enough because every
 * projection commits its rows and its checkpoint in one transaction — a lost tail after a power cut is
 * replayed from the event log, never half-applied. PostgreSQL: a `pg` Pool.
 */
export function createReadModelDb(config: ReadModelDbConfig): ReadModelDb {
  if (config.readModelUrl === null) {
    mkdirSync(config.dataDir, { recursive: true });
    const database = new Database(join(config.dataDir, READ_MODEL_SQLITE_FILE));
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${config.sqliteBusy === 'yield' ? 0 : 5000}`);
    // A contract row rewritten without its personal fields, a destroyed data key: what a write frees is
    // zeroed, so the old bytes do not linger in free pages (crypto-shredding then checkpoints the WAL away).
    database.pragma('secure_delete = ON');
    // Likewise for SQLite's temporary files: a sort too big for its memory budget — building an index over a
    // filled table (a rebuild creates the contracts' indexes, organization names included, after the fill) or
    // an ORDER BY without an index — spills to an unlinked file in the temp directory, which nothing zeroes.
    // Kept in memory instead (bounded by what is sorted: a few megabytes per 100,000 contracts).
    database.pragma('temp_store = MEMORY');
    const dialect = new SqliteDialect({ database: withStatementCache(database) });
    return new Kysely<ReadModelTables>({ dialect: config.sqliteBusy === 'yield' ? yieldingWhenBusy(dialect) : dialect });
  }
  const schema = config.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`read-model schema name must match [a-z_][a-z0-9_]* (got "${schema}")`);
  }
  const pool = new Pool({ connectionString: config.readModelUrl, max: config.poolMax ?? 10 });
  // An idle client dying (server restart, network cut) must not crash the process: the pool drops it,
  // and the next query reports any lasting problem to its caller.
  pool.on('error', () => undefined);
  return new Kysely<ReadModelTables>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: schema
        ? async (connection) => {
            await connection.executeQuery(CompiledQuery.raw(`SET search_path TO "${schema}"`));
          }
        : undefined,
    }),
  });
}

/** A SQLite dialect whose statements, when the database is busy, retry after an asynchronous pause (see sqliteBusy). */
function yieldingWhenBusy(dialect: SqliteDialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => {
      const driver = dialect.createDriver();
      const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const wrap = (connection: DatabaseConnection): DatabaseConnection => {
        let yielding = wrapped.get(connection);
        if (!yielding) {
          yielding = {
            executeQuery: (query) => retryWhileBusy(() => connection.executeQuery(query)),
            streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
          };
          wrapped.set(connection, yielding);
        }
        return yielding;
      };
      return {
        init: () => driver.init(),
        acquireConnection: async () => wrap(await driver.acquireConnection()),
        beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
        releaseConnection: (connection) => driver.releaseConnection(connection),
        destroy: () => driver.destroy(),
      };
    },
  };
}

async function retryWhileBusy<T>(run: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + YIELD_BUSY_FOR_MS;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 50)) {
    try {
      return await run();
    } catch (err) {
      const busy = String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
      if (!busy || Date.now() >= giveUpAt) throw err;
    }
    await delay(pauseMs);
  }
}
