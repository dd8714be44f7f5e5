import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL server for the read-model tests, reached through the real `pg` driver and Kysely's
 * PostgresDialect:
 *
 * - `READ_MODEL_TEST_URL` set (CI starts Debian's PostgreSQL): that server, with pools of 4 connections.
 * - otherwise PGlite (PostgreSQL compiled to WASM) behind pglite-socket's PGLiteSocketServer on 127.0.0.1, port
 *   chosen by the OS, in a child Node process (pglite-server.mjs: PGlite's dynamic imports do not run inside
 *   Jest's module sandbox). pglite-socket serves ONE connection at a time (PGlite is a single backend; further
 *   connections wait in its queue until the active one closes), so pools get `max: 1`, and the admin client
 *   below only connects while no test pool is open.
 *
 * Every test gets a fresh place of its own: on PGlite (one server per test file, one connection at a time) a
 * new schema, put first on the pool's search_path; on a real server a new DATABASE, because jest runs test
 * files in parallel and Kysely's Migrator introspects every schema of a database, which races with another
 * file dropping its schema ("schema … does not exist").
 */
export interface FreshDatabase {
  readonly url: string;
  /** The schema to use (PGlite), or undefined (a real server: the new database's default schema). */
  readonly schema: string | undefined;
  dispose(): Promise<void>;
}

export interface TestPostgres {
  readonly kind: 'pglite' | 'server';
  readonly poolMax: number;
  fresh(): Promise<FreshDatabase>;
  stop(): Promise<void>;
}

async function withAdmin(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function uniqueName(): string {
  return `rm_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.READ_MODEL_TEST_URL?.trim();
  if (external) {
    return {
      kind: 'server',
      poolMax: 4,
      async fresh() {
        const name = uniqueName();
        await withAdmin(external, `CREATE DATABASE "${name}"`);
        const url = new URL(external);
        url.pathname = `/${name}`;
        return {
          url: url.toString(),
          schema: undefined,
          dispose: () => withAdmin(external, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
        };
      },
      stop: async () => undefined,
    };
  }
  const child = spawn(process.execPath, [join(__dirname, 'pglite-server.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await listeningAddress(child);
  const url = `postgres://postgres:postgres@${address}/postgres`;
  return {
    kind: 'pglite',
    poolMax: 1,
    async fresh() {
      const schema = uniqueName();
      await withAdmin(url, `CREATE SCHEMA "${schema}"`);
      return { url, schema, dispose: () => withAdmin(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits for the child's "listening HOST:PORT" line (PGlite takes a second or two to start). */
function listeningAddress(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('PGlite test server did not start within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('exit', (code) => fail(new Error(`PGlite test server exited with ${code}: ${err.trim()}`)));
  });
}
