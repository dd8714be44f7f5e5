import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateAuditSigningKey } from '@pfw/audit';

describe('loadOrCreateAuditSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-audit-keys-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a PKCS#8 Ed25519 key with mode 0600 (and its directories), then loads the same key', () => {
    const path = join(dir, 'nested', 'keys', 'audit-ed25519.pem');
    const created = loadOrCreateAuditSigningKey(path);
    expect(created.created).toBe(true);
    expect(created.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(created.publicKeyRaw).toHaveLength(32);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'nested', 'keys'))).toEqual(['audit-ed25519.pem']); // no temp file left

    const loaded = loadOrCreateAuditSigningKey(path);
    expect(loaded.created).toBe(false);
    expect(loaded.publicKeyRaw.equals(created.publicKeyRaw)).toBe(true);
    const message = Buffer.from('tree head');
    expect(verify(null, message, created.publicKey, sign(null, message, loaded.privateKey))).toBe(true);
  });

  it('refuses a key file that is not an Ed25519 PEM key', () => {
    const rsa = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(rsa, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => loadOrCreateAuditSigningKey(rsa)).toThrow(/must be Ed25519, found rsa/);

    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateAuditSigningKey(garbage)).toThrow(/not a PEM private key/);
    expect(readFileSync(garbage, 'utf8')).toBe('not a key'); // never overwritten
  });
});
