import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir } from '@pfw/config';

describe('prepareDataDir (security review, finding 3: personal data under DATA_DIR is the service user’s alone)', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pfw-datadir-'));
    umask = process.umask();
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  const mode = (path: string) => statSync(path).mode & 0o777;

  it('given a DATA_DIR an earlier version left 0755 with 0644 files, when prepared, then directories are 0700 and files 0600', () => {
    const dataDir = join(root, 'data');
    mkdirSync(join(dataDir, 'documents'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'read-models.sqlite'), 'x', { mode: 0o644 });
    writeFileSync(join(dataDir, 'documents', 'documents.sqlite'), 'x', { mode: 0o644 });
    prepareDataDir(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'documents'))).toBe(0o700);
    expect(mode(join(dataDir, 'read-models.sqlite'))).toBe(0o600);
    expect(mode(join(dataDir, 'documents', 'documents.sqlite'))).toBe(0o600);
  });

  it('given nothing yet, when prepared, then what the service creates afterwards is 0700 / 0600 (the umask)', () => {
    const dataDir = join(root, 'fresh');
    prepareDataDir(dataDir);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'events.sqlite'), 'x');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'events.sqlite'))).toBe(0o600);
  });
});
