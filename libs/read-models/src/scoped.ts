import type { Kysely, Transaction } from 'kysely';
import { tableExists } from '@pfw/sql';
import type { Projection, TableNames } from './projection';
import { ProjectionTablesPlugin } from './table-names';

/** The transaction as a projection sees it: its own table types, logical names rewritten to `names`' phase. */
export function projectionTransaction<Tables>(trx: Transaction<any>, projection: Projection<Tables>, names: TableNames): Transaction<Tables> {
  // The one cast of the runtime: the transaction is typed with the infrastructure tables, the projection
  // sees its own (Kysely types are compile-time only).
  return trx.withPlugin(new ProjectionTablesPlugin(projection, names)) as unknown as Transaction<Tables>;
}

/** Fails loudly when createTables did not create every declared table in this phase. */
export async function assertTablesCreated(db: Kysely<any>, projection: Projection, names: TableNames): Promise<void> {
  for (const table of projection.tables) {
    if (!(await tableExists(db, names.table(table)))) {
      throw new Error(`projection ${projection.name}: createTables did not create "${names.table(table)}"`);
    }
  }
}
