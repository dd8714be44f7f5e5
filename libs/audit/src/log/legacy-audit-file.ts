import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import type { SignedTreeHead } from '../merkle/tree-head';

/** What an earlier version's own `<DATA_DIR>/audit.sqlite` holds that the tree rebuilt from the log does not: its signed heads. */
export interface LegacyAuditFile {
  readonly file: string;
  /** The public key it recorded (base64 of the raw 32 bytes), or null if it never signed. */
  readonly publicKey: string | null;
  readonly heads: readonly SignedTreeHead[];
}

/**
 * Reads the signed tree heads of an earlier version's per-process audit database, or null when there is none.
 * Its tree itself is not needed: leaf i is the i-th event of the log, so the shared tree is rebuilt from the log.
 */
export function readLegacyAuditFile(file: string): LegacyAuditFile | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const publicKey = db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE key = 'public_key'").get()?.value ?? null;
    const heads = db
      .prepare<[], { tree_size: number; root_hash: string; timestamp: number; signature: string; public_key: string }>(
        'SELECT tree_size, root_hash, timestamp, signature, public_key FROM tree_heads ORDER BY tree_size, id',
      )
      .all()
      .map((r) => ({ treeSize: r.tree_size, rootHash: r.root_hash, timestamp: r.timestamp, signature: r.signature, publicKey: r.public_key }));
    return { file, publicKey, heads };
  } catch (err) {
    throw new Error(`${file}: not an audit database of an earlier version (${(err as Error).message})`);
  } finally {
    db.close();
  }
}

/** Deletes the legacy file and its WAL once its heads are in the shared table. */
export function removeLegacyAuditFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
