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
 * Either way every test gets its own fresh schema (createSchema → the pool's search_path), so runs and
 * tests never see each other's tables.
 */
export interface TestPostgres {
  readonly kind: 'pglite' | 'server';
  readonly url: string;
  readonly poolMax: number;
  createSchema(): Promise<string>;
  dropSchema(schema: string): Promise<void>;
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

function schemaOps(url: string) {
  return {
    async createSchema() {
      const schema = `rm_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      await withAdmin(url, `CREATE SCHEMA "${schema}"`);
      return schema;
    },
    async dropSchema(schema: string) {
      await withAdmin(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.READ_MODEL_TEST_URL?.trim();
  if (external) {
    return { kind: 'server', url: external, poolMax: 4, ...schemaOps(external), stop: async () => undefined };
  }
  const child = spawn(process.execPath, [join(__dirname, 'pglite-server.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await listeningAddress(child);
  const url = `postgres://postgres:postgres@${address}/postgres`;
  return {
    kind: 'pglite',
    url,
    poolMax: 1,
    ...schemaOps(url),
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
