import { Kysely, sql } from 'kysely';
import { columnType, dialectOf } from '@pfw/sql';

/**
 * The audit log's RFC 9162 Merkle tree and its signed tree heads, in the database
 * every process shares, so every api answers proofs for the same tree and serves the same heads:
 *
 * - `audit_checkpoint`: one row — how many events the tree holds, the position of the last one (positions are
 *   opaque: stored and compared only) and the raw Ed25519 public key (base64) the log is signed with;
 * - `audit_leaves`: leaf i ↔ the i-th event of the global log, with its leaf hash;
 * - `audit_nodes`: the complete subtrees above the leaves (level ≥ 1), keyed by (level, index);
 * - `audit_tree_heads`: every signed tree head handed out, one per tree size.
 *
 * A batch of leaves, its nodes and the moved checkpoint are committed in one transaction.
 */
export const auditLogTables = {
  async up(db: Kysely<any>): Promise<void> {
    const binary = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .createTable('audit_checkpoint')
      .addColumn('id', columnType.integer, (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('tree_size', columnType.bigint, (c) => c.notNull())
      .addColumn('position', columnType.bigint)
      .addColumn('public_key', columnType.text)
      .execute();
    await db.insertInto('audit_checkpoint').values({ id: 1, tree_size: 0, position: null, public_key: null }).execute();
    await db.schema
      .createTable('audit_leaves')
      .addColumn('leaf_index', columnType.bigint, (c) => c.primaryKey())
      .addColumn('position', columnType.bigint, (c) => c.notNull().unique())
      .addColumn('event_id', columnType.text, (c) => c.notNull().unique())
      .addColumn('leaf_hash', binary, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('audit_nodes')
      .addColumn('level', columnType.integer, (c) => c.notNull())
      .addColumn('idx', columnType.bigint, (c) => c.notNull())
      .addColumn('hash', binary, (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'idx'])
      .execute();
    await db.schema
      .createTable('audit_tree_heads')
      .addColumn('tree_size', columnType.bigint, (c) => c.primaryKey())
      .addColumn('root_hash', columnType.text, (c) => c.notNull())
      .addColumn('timestamp', columnType.bigint, (c) => c.notNull())
      .addColumn('signature', columnType.text, (c) => c.notNull())
      .addColumn('public_key', columnType.text, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['audit_tree_heads', 'audit_nodes', 'audit_leaves', 'audit_checkpoint']) await db.schema.dropTable(table).ifExists().execute();
  },
};
