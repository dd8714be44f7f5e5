import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { SqlSimulatedClockStore } from '@pfw/clock';
import { combineMigrations, DATABASE_MIGRATIONS, MIGRATIONS_BY_LIB } from '@pfw/migrations';
import { migrateReadModels, MigrationError, readCheckpoint } from '@pfw/read-models';
import { dialectOf } from '@pfw/sql';
import { backends, type TestBackend } from '../../read-models/test/support/backends';
import previousRelease from './fixtures/previous-release.json';

type Recorded = ReadonlyArray<{ readonly sql: string; readonly parameters: readonly unknown[] }>;

/** Rebuilds a database exactly as the previous release left it: its migrator's statements, replayed. */
async function replayPreviousRelease(db: Kysely<any>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const statements: Recorded = postgres ? previousRelease.postgres : previousRelease.sqlite;
  const schema = postgres ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema : '';
  for (const statement of statements) {
    await db.executeQuery(CompiledQuery.raw(statement.sql.split('{{schema}}').join(schema), [...statement.parameters]));
  }
}

/** Names the previous release recorded in `kysely_migration`, in the order it ran them. */
const previouslyRecorded = previousRelease.sqlite
  .filter((s) => s.sql.startsWith('insert into "kysely_migration" '))
  .map((s) => String(s.parameters[0]));

/** Every table, column, index and constraint of the database, comparable across two databases. */
async function describeSchema(db: Kysely<any>): Promise<unknown> {
  if (dialectOf(db) === 'sqlite') {
    return (await sql`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name`.execute(db)).rows;
  }
  const columns = await sql`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const indexes = await sql`
    select tablename, indexname, replace(indexdef, current_schema() || '.', '') as def from pg_indexes
    where schemaname = current_schema() order by indexname`.execute(db);
  const constraints = await sql`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = current_schema()::regnamespace order by conname`.execute(db);
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

async function recordedNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

describe('the one migration list', () => {
  it('keeps every name the previous release recorded (0001 to 0009), in the same order', () => {
    expect(previouslyRecorded).toHaveLength(9);
    const names = Object.keys(DATABASE_MIGRATIONS);
    expect(names.slice(0, previouslyRecorded.length)).toEqual(previouslyRecorded);
  });

  it('holds each lib’s migrations once, whichever lib owns them', () => {
    const owned = Object.values(MIGRATIONS_BY_LIB).flatMap((migrations) => Object.keys(migrations));
    expect(Object.keys(DATABASE_MIGRATIONS).sort()).toEqual([...owned].sort());
  });

  it('takes each lib’s migrations from that lib’s own src/migrations/ (file NNNN-what.ts, name NNNN_what)', () => {
    for (const [lib, migrations] of Object.entries(MIGRATIONS_BY_LIB)) {
      const files = readdirSync(join(__dirname, '..', '..', lib, 'src', 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f));
      expect({ lib, names: Object.keys(migrations).sort() }).toEqual({ lib, names: files.map((f) => f.replace(/\.ts$/, '').replace(/-/g, '_')).sort() });
    }
  });

  it('orders the libs’ migrations by number, however the libs are listed', () => {
    const m = { up: async () => undefined };
    const combined = combineMigrations({ b: { '0003_c': m, '0001_a': m }, a: { '0002_b': m } });
    expect(Object.keys(combined)).toEqual(['0001_a', '0002_b', '0003_c']);
  });

  it('refuses a number taken by two libs, and a name without its number', () => {
    const m = { up: async () => undefined };
    expect(() => combineMigrations({ audit: { '0010_audit_log': m }, sagas: { '0010_saga_more': m } })).toThrow(
      'migration 0010_saga_more of sagas: number 0010 is already 0010_audit_log of audit',
    );
    expect(() => combineMigrations({ clock: { simulated_clock: m } })).toThrow('migration simulated_clock of clock: a name is NNNN_lower_case_words');
  });
});

describe.each(backends())('a database the previous release migrated, on %s', (_name, backend: TestBackend) => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  it('migrates on with the libs’ migrations: nothing run twice, the same schema as a new database, its rows kept', async () => {
    const fresh = await backend.open();
    let expected: unknown;
    try {
      await migrateReadModels(fresh.db, DATABASE_MIGRATIONS);
      expected = await describeSchema(fresh.db);
      expect(JSON.stringify(expected)).toContain('saga_deadlines_due');
    } finally {
      await fresh.dispose();
    }

    const existing = await backend.open();
    try {
      await replayPreviousRelease(existing.db);
      expect(await recordedNames(existing.db)).toEqual(previouslyRecorded);

      const ran = await migrateReadModels(existing.db, DATABASE_MIGRATIONS);
      expect(ran).toEqual(Object.keys(DATABASE_MIGRATIONS).filter((name) => !previouslyRecorded.includes(name)));
      expect(await recordedNames(existing.db)).toEqual(Object.keys(DATABASE_MIGRATIONS));
      expect(await describeSchema(existing.db)).toEqual(expected);
      // And again, as the next process to start does.
      expect(await migrateReadModels(existing.db, DATABASE_MIGRATIONS)).toEqual([]);

      // Rows written by the previous release, read by the libs that own their tables.
      expect((await readCheckpoint(existing.db, 'contracts'))?.position).toBe(42n);
      expect(await new SqlSimulatedClockStore(existing.db).read()).toEqual(new Date('2026-12-02T03:04:05.000Z'));
    } finally {
      await existing.dispose();
    }
  });

  it('refuses to start when a shipped migration was renamed (a name existing databases recorded is missing)', async () => {
    const existing = await backend.open();
    try {
      await replayPreviousRelease(existing.db);
      const { '0007_simulated_clock': clock, ...others } = DATABASE_MIGRATIONS;
      const error = await migrateReadModels(existing.db, { ...others, '0007_clock': clock! }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(String((error as MigrationError).message)).toMatch(/0007_simulated_clock/);
    } finally {
      await existing.dispose();
    }
  });
});
