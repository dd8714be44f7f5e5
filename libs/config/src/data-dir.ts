import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Group and others: no bit of theirs on anything under DATA_DIR. */
const PRIVATE_UMASK = 0o077;

/**
 * DATA_DIR holds the event log, the read models with decrypted names and e-mail addresses, keys and uploaded
 * documents: only the service's own user may read it. Sets the process umask so that every file and directory
 * created from now on is 0600 / 0700 (SQLite, its WAL and journal files included, whatever library creates
 * them) — DATA_DIR itself too, when the stores create it — and takes group and other bits off what an earlier
 * version left there. Every entry point (api, cli, saga worker) calls it before opening anything.
 */
export function prepareDataDir(dataDir: string): void {
  process.umask(PRIVATE_UMASK);
  if (existsSync(dataDir)) tighten(dataDir);
}

function tighten(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & PRIVATE_UMASK) !== 0) chmodSync(path, stat.mode & 0o700);
  if (stat.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name));
}
