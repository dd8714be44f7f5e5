import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql, type Migration } from 'kysely';
import {
  createReadModelDb, migrateReadModels, MigrationError, ProjectionTablesPlugin, READ_MODELS_MIGRATIONS, tableNames,
} from '@pfw/read-models';
import {
  bigintText, columnType, dialectOf, fromDbBigint, fromDbBool, fromDbCount, fromDbJson, fromDbTimestamp, tableExists, toDbBool, toDbJson, toDbTimestamp,
} from '@pfw/sql';
import { backends, type TestDatabase } from './support/backends';
import { exampleProjection } from './support/example-projection';

/** A test-only migration: how a later issue adds a table. */
const exampleMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('example_values')
      .addColumn('id', columnType.text, (c) => c.primaryKey())
      .addColumn('big', columnType.bigint, (c) => c.notNull())
      .addColumn('ok', columnType.boolean, (c) => c.notNull())
      .addColumn('doc', columnType.json, (c) => c.notNull())
      .addColumn('at', columnType.timestamp, (c) => c.notNull())
      .addColumn('hits', columnType.integer, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('example_values').execute();
  },
};

/** This lib's migrations plus the example, as a lib adds its own to the list. */
const withExample = { ...READ_MODELS_MIGRATIONS, '0999_example_values': exampleMigration };

describe('the SQLite read-model database (issue 8)', () => {
  it('zeroes freed pages and keeps temporary files (big sorts, index builds) in memory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pfw-rm-pragmas-'));
    const db = createReadModelDb({ readModelUrl: null, dataDir });
    try {
      expect((await sql<{ secure_delete: number }>`pragma secure_delete`.execute(db)).rows).toEqual([{ secure_delete: 1 }]);
      // 2 = MEMORY.
      expect((await sql<{ temp_store: number }>`pragma temp_store`.execute(db)).rows).toEqual([{ temp_store: 2 }]);
    } finally {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(backends())('read-model database on %s', (name, backend) => {
  let t: TestDatabase;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
  });
  afterEach(() => t.dispose());

  it('talks to the configured dialect', () => {
    expect(dialectOf(t.db)).toBe(name);
  });

  it('applies the migrations once, in order; running them again is a no-op', async () => {
    expect(await tableExists(t.db, 'projection_checkpoints')).toBe(false);
    const first = await migrateReadModels(t.db, withExample);
    expect(first).toEqual([...Object.keys(READ_MODELS_MIGRATIONS), '0999_example_values']);
    expect(await tableExists(t.db, 'projection_checkpoints')).toBe(true);
    expect(await tableExists(t.db, 'example_values')).toBe(true);

    expect(await migrateReadModels(t.db, withExample)).toEqual([]);
    // And after a restart, from a new connection.
    await t.reopen();
    expect(await migrateReadModels(t.db, withExample)).toEqual([]);
    expect(await tableExists(t.db, 'example_values')).toBe(true);
  });

  it('reports a failing migration by name, records nothing of it, and migrates on once it is fixed', async () => {
    const broken: Migration = {
      async up(db: Kysely<any>) {
        await db.schema.createTable('projection_checkpoints').addColumn('x', 'text').execute();
      },
    };
    const error = await migrateReadModels(t.db, { ...READ_MODELS_MIGRATIONS, '0998_broken': broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('0998_broken');
    // PostgreSQL runs the pending migrations in one transaction (none stays applied), SQLite one by one
    // (Kysely's choice); either way the broken one is not recorded and a later run applies what is missing.
    expect(await migrateReadModels(t.db, withExample)).toEqual(
      name === 'postgres' ? [...Object.keys(READ_MODELS_MIGRATIONS), '0999_example_values'] : ['0999_example_values'],
    );
    expect(await tableExists(t.db, 'projection_checkpoints')).toBe(true);
  });

  it('stores bigint beyond 2^53, booleans, JSON and timestamps in one representation, with upserts', async () => {
    await migrateReadModels(t.db, withExample);
    const db = t.db.withTables<{
      example_values: { id: string; big: bigint | string | number; ok: number; doc: string; at: string; hits: number };
    }>();
    const big = 2n ** 62n + 7n;
    const at = new Date('2025-03-04T05:06:07.089Z');
    const upsert = (hits: number, ok: boolean) =>
      db
        .insertInto('example_values')
        .values({ id: 'a', big, ok: toDbBool(ok), doc: toDbJson({ n: 1, list: ['x'] }), at: toDbTimestamp(at), hits })
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ hits: eb('example_values.hits', '+', eb.ref('excluded.hits')), ok: eb.ref('excluded.ok') })))
        .execute();
    await upsert(2, true);
    await upsert(3, false);

    const row = await db
      .selectFrom('example_values')
      .select(['id', bigintText('big').as('big'), 'ok', 'doc', 'at', 'hits'])
      .executeTakeFirstOrThrow();
    expect(fromDbBigint(row.big!)).toBe(big);
    expect(fromDbBool(row.ok)).toBe(false);
    expect(fromDbJson(row.doc)).toEqual({ n: 1, list: ['x'] });
    expect(fromDbTimestamp(row.at)).toEqual(at);
    expect(row.hits).toBe(5);
    const { count } = await db.selectFrom('example_values').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    expect(fromDbCount(count)).toBe(1);
  });

  it('rewrites a projection’s logical table names, index and constraint names for the rebuild phase', async () => {
    await migrateReadModels(t.db, READ_MODELS_MIGRATIONS);
    const projection = exampleProjection();
    const names = tableNames(projection, 'rebuild', 3);
    await t.db.transaction().execute(async (trx) => {
      const scoped = trx.withPlugin(new ProjectionTablesPlugin(projection, names)) as unknown as Parameters<typeof projection.createTables>[0];
      await projection.createTables(scoped, names);
    });
    expect(await tableExists(t.db, 'example_items__rebuild')).toBe(true);
    expect(await tableExists(t.db, 'example_streams__rebuild')).toBe(true);
    expect(await tableExists(t.db, 'example_items')).toBe(false);

    const compiled = t.db
      .withTables<{ example_items: { label: string }; other: { label: string } }>()
      .withPlugin(new ProjectionTablesPlugin(projection, names))
      .selectFrom('example_items')
      .innerJoin('other', 'other.label', 'example_items.label')
      .select('example_items.label')
      .compile().sql;
    expect(compiled).toContain('"example_items__rebuild"."label"');
    expect(compiled).toContain('from "example_items__rebuild"');
    expect(compiled).toContain('join "other"');
    expect(() => names.table('other')).toThrow(/does not own/);
    expect(names.index('example_items_by_label')).toBe('example_items_by_label__g3');
  });
});
