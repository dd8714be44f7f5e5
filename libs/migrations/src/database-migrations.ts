import type { Migration } from 'kysely';
import { AUDIT_MIGRATIONS } from '@pfw/audit';
import { CA_GATEWAY_MIGRATIONS } from '@pfw/ca-gateway';
import { CLOCK_MIGRATIONS } from '@pfw/clock';
import { DOCUMENTS_MIGRATIONS } from '@pfw/documents';
import { NOTIFICATIONS_MIGRATIONS } from '@pfw/notifications';
import { PERSONAL_DATA_MIGRATIONS } from '@pfw/personal-data';
import { READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { SAGAS_MIGRATIONS } from '@pfw/sagas';

export type Migrations = Readonly<Record<string, Migration>>;

/**
 * Every lib that keeps tables in the read-model database, with the migrations of its tables (each lib's
 * `src/migrations/`).
 *
 * To add a table: in the lib that reads and writes it, create `src/migrations/NNNN-what-it-is.ts` exporting
 * `{ up, down }` written with Kysely's schema builder and the column types of `@pfw/sql` (the same DDL then runs
 * on SQLite and PostgreSQL), add it to that lib's list under the name `NNNN_what_it_is` with the next free
 * number, and list the lib here if it is new. Never edit, rename or renumber a migration that has shipped:
 * existing databases record each one by its name in `kysely_migration`.
 */
export const MIGRATIONS_BY_LIB: Readonly<Record<string, Migrations>> = {
  'read-models': READ_MODELS_MIGRATIONS,
  sagas: SAGAS_MIGRATIONS,
  'personal-data': PERSONAL_DATA_MIGRATIONS,
  documents: DOCUMENTS_MIGRATIONS,
  notifications: NOTIFICATIONS_MIGRATIONS,
  clock: CLOCK_MIGRATIONS,
  'ca-gateway': CA_GATEWAY_MIGRATIONS,
  audit: AUDIT_MIGRATIONS,
};

const NAME = /^(\d{4})_[a-z0-9_]+$/;

/**
 * One list of several libs' migrations, in the order they run: by name, which is by number, as Kysely's
 * Migrator runs them. Refuses a name without its `NNNN_` number and a number taken twice (two libs that each
 * added "the next" migration), so the order never depends on how the libs are listed.
 */
export function combineMigrations(byLib: Readonly<Record<string, Migrations>>): Migrations {
  const owners = new Map<string, string>();
  const all: Record<string, Migration> = {};
  for (const [lib, migrations] of Object.entries(byLib)) {
    for (const [name, migration] of Object.entries(migrations)) {
      const number = NAME.exec(name)?.[1];
      if (number === undefined) throw new Error(`migration ${name} of ${lib}: a name is NNNN_lower_case_words`);
      const taken = owners.get(number);
      if (taken !== undefined) throw new Error(`migration ${name} of ${lib}: number ${number} is already ${taken}`);
      owners.set(number, `${name} of ${lib}`);
      all[name] = migration;
    }
  }
  return Object.fromEntries(Object.keys(all).sort().map((name) => [name, all[name]!]));
}

/** The migrations of the read-model database, every lib's, in the order they run: what the apps migrate with. */
export const DATABASE_MIGRATIONS: Migrations = combineMigrations(MIGRATIONS_BY_LIB);
