import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The master key that wraps every contract's data key. It never goes into a database. */
export interface MasterKey {
  /** 32 bytes (AES-256). */
  readonly key: Buffer;
  /** A short public fingerprint, stored with each wrapped key: a wrong master key is then named as such. */
  readonly id: string;
  readonly path: string;
  /** Whether this call generated it (a new installation's key). */
  readonly created: boolean;
}

/** Where the master key lives when `DATA_KEY_FILE` is not set. */
export const DEFAULT_MASTER_KEY_FILE = 'personal-data-master.key';

/** The master key cannot be read (missing configured file, malformed content), or is not the store's. */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

/**
 * Refuses a master key that is not the one the key store's keys are wrapped with. A key this start created (the
 * default file was missing) is removed again, so the lost file can be restored in its place.
 */
export function assertMasterKeyMatches(master: MasterKey, foreign: ReadonlyArray<{ readonly masterKeyId: string; readonly keys: number }>): void {
  if (foreign.length === 0) return;
  const held = foreign.map((f) => `${f.keys} under ${f.masterKeyId}`).join(', ');
  if (master.created) {
    try {
      unlinkSync(master.path);
    } catch {
      // Already gone: nothing to undo.
    }
    throw new MasterKeyError(
      `the master key file ${master.path} was missing, but the key store holds data keys wrapped under another master key (${held}): restore that file (or set DATA_KEY_FILE to it); no new key was kept`,
    );
  }
  throw new MasterKeyError(
    `the key store holds data keys wrapped under another master key (${held}) than this process's ${master.id} (${master.path}): wrong DATA_KEY_FILE?`,
  );
}

export function masterKeyId(key: Uint8Array): string {
  return createHash('sha256').update('pfw/master-key-id/v1\u0000').update(key).digest('hex').slice(0, 16);
}

function parse(text: string, path: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (!key || key.length !== 32) throw new MasterKeyError(`${path}: the master key must be 32 bytes, as base64 (44 characters) or hex (64 characters)`);
  return key;
}

export interface MasterKeyOptions {
  readonly dataDir: string;
  /** DATA_KEY_FILE: a file that must exist (a mounted secret). Default: `<dataDir>/personal-data-master.key`, created. */
  readonly keyFile?: string | null;
  /** Whether to create the default file when it is missing (default true; the read-only cli never creates one). */
  readonly create?: boolean;
}

/**
 * Loads the master key. With `keyFile` set, the file must exist (a missing secret must stop the start, not mint
 * a fresh key that cannot open the existing data keys). Without it, `<DATA_DIR>/personal-data-master.key` is
 * read, or created with mode 0600 on a new installation (written aside and linked into place, so two processes
 * starting together agree on one key). Keep the file out of the backups of the read-model database: the two
 * together reveal every data key that was not destroyed (docs/personal-data.md).
 */
export function loadMasterKey(options: MasterKeyOptions): MasterKey {
  if (options.keyFile) {
    let text: string;
    try {
      text = readFileSync(options.keyFile, 'utf8');
    } catch (err) {
      throw new MasterKeyError(`DATA_KEY_FILE ${options.keyFile}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const key = parse(text, options.keyFile);
    return { key, id: masterKeyId(key), path: options.keyFile, created: false };
  }
  const path = join(options.dataDir, DEFAULT_MASTER_KEY_FILE);
  try {
    const key = parse(readFileSync(path, 'utf8'), path);
    // Keep the generated file private even if something loosened it.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key, id: masterKeyId(key), path, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (options.create === false) {
    throw new MasterKeyError(`no personal-data master key at ${path} (set DATA_KEY_FILE, or start the api once to create it)`);
  }
  const key = randomBytes(32);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const theirs = parse(readFileSync(path, 'utf8'), path);
      return { key: theirs, id: masterKeyId(theirs), path, created: false };
    }
    throw err;
  } finally {
    unlinkSync(temp);
  }
  return { key, id: masterKeyId(key), path, created: true };
}
