import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import type { CaGateway, CaKeyStore, CaResult, CertificateSubject } from '@pfw/ca-gateway';
import { createReadModelDb, migrateReadModels, type ReadModelDb } from '@pfw/read-models';
import { CA_GATEWAY_MIGRATIONS } from '@pfw/ca-gateway';

export const PUBLIC_BASE_URL = 'https://pfw.example.jp';

export const SUBJECT: CertificateSubject = {
  organization: 'セコム株式会社 "Test" & Co.',
  locality: '渋谷区',
  stateOrProvince: '東京都',
  country: 'JP',
};

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pfw-ca-test-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export type KeyKind = 'rsa2048' | 'rsa1024' | 'p256' | 'p521';

/** A real PKCS#10 request, made the way a customer's tooling would (webcrypto key, self-signed). */
export async function makeCsr(kind: KeyKind, commonName: string): Promise<string> {
  const rsa = kind === 'rsa2048' || kind === 'rsa1024';
  const algorithm = rsa
    ? {
        name: 'RSASSA-PKCS1-v1_5',
        hash: 'SHA-256',
        modulusLength: kind === 'rsa2048' ? 2048 : 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
      }
    : { name: 'ECDSA', namedCurve: kind === 'p256' ? 'P-256' : 'P-521', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}, O=Whatever The Customer Typed`,
    keys,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: commonName }])],
  });
  return csr.toString('pem');
}

/** The same CSR with one byte of its signed part changed: its self-signature no longer verifies. */
export function tamperCsr(csrPem: string): string {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const der = Buffer.from(csr.rawData);
  // The subject's "W" of "Whatever" sits inside the signed CertificationRequestInfo.
  const at = der.indexOf(Buffer.from('Whatever'));
  if (at < 0) throw new Error('marker not found');
  der[at] = 'X'.charCodeAt(0);
  return x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
}

export interface ProcessOutput {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together (openssl verify prints its verdict on either). */
  readonly output: string;
}

export function openssl(args: readonly string[], cwd?: string): ProcessOutput {
  const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: `${run.stdout}${run.stderr}` };
}

/** Waits on the gateway's result feed for the result of `trackingId` (as the app's worker would). */
export async function resultFor(gateway: CaGateway, trackingId: string, timeoutMs = 15000): Promise<CaResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    for await (const result of gateway.results({ signal: abort.signal })) {
      if (result.trackingId === trackingId) return result;
    }
    throw new Error(`no result for ${trackingId} within ${timeoutMs} ms`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Every result the feed holds now (unacknowledged), without waiting for more. */
export async function drainFeed(gateway: CaGateway): Promise<CaResult[]> {
  const abort = new AbortController();
  const seen: CaResult[] = [];
  const iterator = gateway.results({ signal: abort.signal })[Symbol.asyncIterator]();
  // The feed yields what it holds at once, then waits: stop at the first wait.
  for (;;) {
    const next = iterator.next();
    const idle = new Promise<'idle'>((resolve) => setTimeout(() => resolve('idle'), 200));
    const step = await Promise.race([next, idle]);
    if (step === 'idle') {
      abort.abort();
      await next;
      break;
    }
    if (step.done) break;
    seen.push(step.value);
  }
  await iterator.return?.();
  return seen;
}

/** CRL number printed by `openssl crl -text` for a DER CRL. */
let crlFiles = 0;
export function crlNumberOf(crlDer: Buffer, dir: string): number {
  const file = path.join(dir, `crl-number-${++crlFiles}.der`);
  fs.writeFileSync(file, crlDer);
  const text = openssl(['crl', '-inform', 'DER', '-in', file, '-text', '-noout']);
  fs.unlinkSync(file);
  const match = /X509v3 CRL Number:\s*\n\s*(\d+)/.exec(text.stdout);
  if (!match) throw new Error(`no CRL number in:\n${text.output}`);
  return Number(match[1]);
}

/** An in-memory key store (the app's is SqlDataKeyStore, which wraps each key with the master key). */
export class MemoryKeyStore implements CaKeyStore {
  readonly keys = new Map<string, Uint8Array>();
  async keyForWrite(id: string): Promise<Uint8Array | null> {
    if (!this.keys.has(id)) this.keys.set(id, webcrypto.getRandomValues(new Uint8Array(32)));
    return this.keys.get(id)!;
  }
  async keyForRead(id: string): Promise<{ state: 'active'; key: Uint8Array } | { state: 'missing' }> {
    const key = this.keys.get(id);
    return key ? { state: 'active', key } : { state: 'missing' };
  }
}

/** A read-model database (SQLite) under `dir` with the local CA's tables. */
export async function openDatabase(dir: string): Promise<ReadModelDb> {
  const db = createReadModelDb({ readModelUrl: null, dataDir: dir });
  await migrateReadModels(db, CA_GATEWAY_MIGRATIONS);
  return db;
}

/** The CA's shared systems for one test: a database and a key store, reopened as often as the test likes. */
export interface CaSystems {
  readonly db: ReadModelDb;
  readonly keys: MemoryKeyStore;
}

export async function caSystems(dir: string): Promise<CaSystems> {
  return { db: await openDatabase(dir), keys: new MemoryKeyStore() };
}
