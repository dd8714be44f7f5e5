import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadModelDb, type ReadModelDb, type ReadModelDbConfig } from '@pfw/read-models';
import { startTestPostgres, type TestPostgres } from './postgres';

/** One fresh, empty read-model database for one test. */
export interface TestDatabase {
  /** The open connection (changes after reopen). */
  readonly db: ReadModelDb;
  /** The configuration that opens this database (for ReadModelsModule.forRoot). */
  readonly config: ReadModelDbConfig;
  /** Closes the connection and opens a new one on the same data: a process restart. */
  reopen(): Promise<ReadModelDb>;
  dispose(): Promise<void>;
}

export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** beforeAll: start the server, if any. */
  start(): Promise<void>;
  /** afterAll. */
  stop(): Promise<void>;
  /** A fresh database: SQLite in a new temp dir; PostgreSQL in a new schema (PGlite) or database (a server). */
  open(): Promise<TestDatabase>;
}

function testDatabase(config: ReadModelDbConfig, cleanup: () => Promise<void>): TestDatabase {
  let db = createReadModelDb(config);
  let closed = false;
  return {
    get db() {
      return db;
    },
    config,
    async reopen() {
      await db.destroy();
      db = createReadModelDb(config);
      return db;
    },
    async dispose() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await cleanup();
    },
  };
}

export function sqliteBackend(): TestBackend {
  return {
    name: 'sqlite',
    start: async () => undefined,
    stop: async () => undefined,
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'pfw-rm-'));
      return testDatabase({ readModelUrl: null, dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));
    },
  };
}

export function postgresBackend(): TestBackend {
  let server: TestPostgres | null = null;
  return {
    name: 'postgres',
    async start() {
      server = await startTestPostgres();
    },
    async stop() {
      await server?.stop();
      server = null;
    },
    async open() {
      if (!server) throw new Error('postgres test backend not started (call start() in beforeAll)');
      const fresh = await server.fresh();
      return testDatabase(
        { readModelUrl: fresh.url, dataDir: tmpdir(), poolMax: server.poolMax, ...(fresh.schema ? { schema: fresh.schema } : {}) },
        () => fresh.dispose(),
      );
    },
  };
}

/** For `describe.each(backends())('… on %s', (name, backend) => …)`: the same suite on both databases. */
export function backends(): Array<[TestBackend['name'], TestBackend]> {
  return [sqliteBackend(), postgresBackend()].map((b) => [b.name, b]);
}
