import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  CaAcceptance,
  CaCancellation,
  CaError,
  CaGateway,
  CaOrderConflictError,
  CaOrderKind,
  CaOrderStatus,
  CaResult,
  CaResultsOptions,
  CancelRequest,
  CaUnavailableError,
  CertificateSubject,
  CRL_REASON_NAMES,
  CrlReasonCode,
  IssuanceRequest,
  isCrlReasonCode,
  RevocationRequest,
} from '../port';
import { CaMaterial, loadOrCreateCaMaterial } from './ca-material';
import { CaStore, CertificateRow, OrderRow, resultFromJson, resultToJson, RevokedEntry, StaleStateError } from './ca-store';
import {
  baselineMaxLifetimeDays,
  derInteger,
  floorToSecond,
  isValidServerFqdn,
  normalizeSerialNumber,
  randomSerialNumber,
  serialNumberContentHex,
  toWholeSeconds,
} from './encoding';

const DAY_MS = 24 * 60 * 60 * 1000;
const CRL_NUMBER_OID = '2.5.29.20';
/** CA/Browser Forum organization-validated TLS policy: the subject carries the applicant's organization. */
const CABF_OV_POLICY_OID = '2.23.140.1.2.2';

export interface LocalCaOptions {
  /** The CA's directory (e.g. `<DATA_DIR>/ca`): key and certificate when generated, and `ca.sqlite`. */
  readonly directory: string;
  /** `PUBLIC_BASE_URL`: certificates point to `<base>/ca/crl` (CRL DP) and `<base>/ca/certificate` (AIA). */
  readonly publicBaseUrl: string;
  /** An existing CA instead of a generated one: both paths, or neither. */
  readonly caKeyPath?: string;
  readonly caCertificatePath?: string;
  /** Subject of a generated CA certificate. */
  readonly caSubject?: string;
  /** Validity of a generated CA certificate (default 10 years). */
  readonly caValidityDays?: number;
  /** The CA's clock (the app passes its clock, simulated or not). Default: system time. */
  readonly now?: () => Date;
  /**
   * Whether this instance processes orders (default true). An API-only process sets false: it takes
   * orders and serves the CRL and CA certificate, and the worker sharing the directory processes them.
   */
  readonly processOrders?: boolean;
  /** nextUpdate − thisUpdate of each CRL (default 7 days; the BRs allow at most 10). */
  readonly crlValidityMs?: number;
  /** `currentCrlDer` issues a fresh CRL once the current one is this old (default 1 day). */
  readonly crlRefreshMs?: number;
  /**
   * Longest lifetime (notAfter − notBefore + 1 s) this CA signs, in days. Default: what the Baseline
   * Requirements allow on the CA clock's date (398 days, then 200 from 2026-03-15, 100 from 2027-03-15,
   * 47 from 2029-03-15), as a public CA would enforce it.
   */
  readonly maxLifetimeDays?: number;
  /** How often `results()` looks for results another process wrote (default 1 s). */
  readonly resultPollIntervalMs?: number;
  /** How long to wait before processing again after an unexpected failure (default 5 s). */
  readonly retryDelayMs?: number;
  /** Unexpected processing failures (the order stays pending and is retried): give it to the logger. */
  readonly onError?: (error: unknown) => void;
}

/** What the CA recorded about a certificate it issued. */
export interface LocalCaCertificate {
  readonly serialNumber: string;
  readonly orderId: string;
  readonly trackingId: string;
  readonly fqdn: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly fingerprintSha256: string;
  readonly certificatePem: string;
  readonly issuedAt: Date;
  readonly revokedAt: Date | null;
  readonly crlReason: CrlReasonCode | null;
}

/** The request as stored with the order (JSON-safe: dates as ISO strings, null when invalid). */
interface StoredIssuanceRequest {
  readonly orderId: string;
  readonly csrPem: string;
  readonly fqdn: string;
  readonly subject: CertificateSubject;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

interface StoredRevocationRequest {
  readonly orderId: string;
  readonly serialNumber: string;
  readonly crlReason: number;
  readonly note: string | null;
}

type IssuanceDecision =
  | { readonly ok: true; readonly certificate: x509.X509Certificate; readonly serialNumber: string; readonly fqdn: string }
  | { readonly ok: false; readonly error: CaError };

/**
 * The built-in local CA: a CA gateway adapter that is its own CA, for development, tests and demos.
 *
 * It behaves like a remote CA: `submit*` records the order and answers at once; a background step (in
 * this process, unless `processOrders` is false) decides each pending order in submission order and
 * queues its result durably; `results()` / `pollStatus()` deliver it. Pending orders survive a restart and
 * are processed then. The CA key never leaves this process (imported non-extractable).
 */
export class LocalCertificateAuthority implements CaGateway {
  private readonly now: () => Date;
  private readonly crlDistributionUrl: string;
  private readonly caIssuersUrl: string;
  private readonly wake = new EventEmitter();
  private drainChain: Promise<unknown> = Promise.resolve();
  private drainScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly options: LocalCaOptions,
    private readonly ca: CaMaterial,
    private readonly store: CaStore,
  ) {
    this.now = options.now ?? (() => new Date());
    const base = options.publicBaseUrl.replace(/\/+$/, '');
    this.crlDistributionUrl = `${base}/ca/crl`;
    this.caIssuersUrl = `${base}/ca/certificate`;
    this.wake.setMaxListeners(0);
  }

  /** Opens the CA in `options.directory`, creating its key, certificate and first CRL on first start. */
  static async open(options: LocalCaOptions): Promise<LocalCertificateAuthority> {
    const base = options.publicBaseUrl;
    if (!/^https?:\/\/[^/]+/.test(base)) {
      throw new Error(`Local CA: PUBLIC_BASE_URL must be an http(s) URL, got ${JSON.stringify(base)}`);
    }
    fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    const ca = await loadOrCreateCaMaterial({
      directory: options.directory,
      keyPath: options.caKeyPath,
      certificatePath: options.caCertificatePath,
      subject: options.caSubject ?? 'CN=Passport for Web Local CA, O=Passport for Web (local development CA), C=JP',
      validityDays: options.caValidityDays ?? 3650,
      now: options.now ?? (() => new Date()),
    });
    const store = new CaStore(path.join(options.directory, 'ca.sqlite'));
    const authority = new LocalCertificateAuthority(options, ca, store);
    try {
      await authority.currentCrlDer();
    } catch (error) {
      store.close();
      throw error;
    }
    authority.kick(); // orders left pending by a previous run
    return authority;
  }

  // ---------------------------------------------------------------- CA gateway port

  async submitIssuance(request: IssuanceRequest): Promise<CaAcceptance> {
    const stored: StoredIssuanceRequest = {
      orderId: requireOrderId(request.orderId),
      csrPem: String(request.csrPem ?? ''),
      fqdn: String(request.fqdn ?? ''),
      subject: {
        organization: String(request.subject?.organization ?? ''),
        locality: String(request.subject?.locality ?? ''),
        stateOrProvince: String(request.subject?.stateOrProvince ?? ''),
        country: request.subject?.country,
      },
      notBefore: isoOrNull(request.notBefore),
      notAfter: isoOrNull(request.notAfter),
    };
    return this.submit('ISSUANCE', stored.orderId, stored);
  }

  async submitRevocation(request: RevocationRequest): Promise<CaAcceptance> {
    const stored: StoredRevocationRequest = {
      orderId: requireOrderId(request.orderId),
      serialNumber: String(request.serialNumber ?? ''),
      crlReason: Number(request.crlReason),
      note: request.note ?? null,
    };
    return this.submit('REVOCATION', stored.orderId, stored);
  }

  async cancelOrder(request: CancelRequest): Promise<CaCancellation> {
    const orderId = requireOrderId(request.orderId);
    return this.guard(() => {
      const order = this.store.orderByOrderId(orderId);
      if (!order) return { orderId, trackingId: null, outcome: 'NOT_FOUND' as const };
      if (order.state === 'PENDING') {
        this.store.cancelPending(orderId, request.reason ?? null, this.now().toISOString());
      }
      const state = this.store.orderByOrderId(orderId)!.state;
      return {
        orderId,
        trackingId: order.trackingId,
        outcome: state === 'CANCELLED' ? ('CANCELLED' as const) : ('ALREADY_COMPLETED' as const),
      };
    });
  }

  async pollStatus(trackingIds: readonly string[]): Promise<CaOrderStatus[]> {
    return this.guard(() => trackingIds.map((trackingId) => statusOf(trackingId, this.store.orderByTrackingId(trackingId))));
  }

  async *results(options: CaResultsOptions = {}): AsyncGenerator<CaResult, void, undefined> {
    const { signal } = options;
    let lastSeq = 0;
    while (!this.closed && !signal?.aborted) {
      const rows = this.store.unacknowledgedResults(lastSeq, 100);
      if (rows.length === 0) {
        await this.waitForResults(signal);
        continue;
      }
      for (const row of rows) {
        lastSeq = row.seq;
        yield resultFromJson(row.resultJson);
        if (this.closed || signal?.aborted) return;
      }
    }
  }

  async acknowledge(trackingId: string): Promise<void> {
    this.guard(() => this.store.acknowledge(trackingId, this.now().toISOString()));
  }

  // ---------------------------------------------------------------- publication (GET /ca/crl, /ca/certificate)

  /** The CA certificate, PEM: what `GET /ca/certificate` serves and `openssl verify -CAfile` takes. */
  caCertificatePem(): string {
    return this.ca.certificatePem;
  }

  /**
   * The current CRL, DER: what `GET /ca/crl` serves. A new CRL (next CRL number) is signed when the
   * current one is older than `crlRefreshMs`, and on every revocation.
   */
  async currentCrlDer(): Promise<Buffer> {
    for (let attempt = 0; ; attempt++) {
      const latest = this.store.latestCrl();
      const now = this.now();
      const refresh = this.options.crlRefreshMs ?? DAY_MS;
      if (latest && now.getTime() - latest.thisUpdate.getTime() < refresh) return latest.der;
      const crl = await this.signCrl((latest?.crlNumber ?? 0) + 1, now, this.store.revokedEntries());
      try {
        this.store.insertCrl(crl);
        return crl.der;
      } catch (error) {
        // Another process stored a CRL under that number meanwhile: take the newest one.
        if (!(error instanceof StaleStateError) || attempt >= 3) throw error;
      }
    }
  }

  /** What the CA issued, oldest first (for operators and tests). */
  certificates(): LocalCaCertificate[] {
    return this.store.certificates().map(toCertificate);
  }

  /**
   * Decides every pending order now, in submission order; resolves with how many were decided. Normally
   * not needed: orders are processed in the background as they arrive (this also serves a process with
   * `processOrders: false`, e.g. a CLI).
   */
  processPendingOrders(): Promise<number> {
    const run = this.drainChain.then(() => this.drain());
    this.drainChain = run.catch(() => undefined);
    return run;
  }

  /** Stops processing (waiting for the order in progress), ends `results()` iterations, closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wake.emit('wake');
    await this.drainChain.catch(() => undefined);
    this.store.close();
  }

  /** Nest calls this on shutdown. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  // ---------------------------------------------------------------- taking orders

  private async submit(kind: CaOrderKind, orderId: string, request: StoredIssuanceRequest | StoredRevocationRequest): Promise<CaAcceptance> {
    const requestJson = JSON.stringify(request);
    const requestDigest = createHash('sha256').update(kind).update('\n').update(requestJson).digest('hex');
    const order = this.guard(() =>
      this.store.insertOrder({
        trackingId: `lca-${randomUUID()}`,
        orderId,
        kind,
        requestDigest,
        requestJson,
        submittedAt: this.now().toISOString(),
      }),
    );
    if (order.kind !== kind || order.requestDigest !== requestDigest) throw new CaOrderConflictError(orderId);
    if (order.state === 'PENDING') this.kick();
    return { orderId, trackingId: order.trackingId };
  }

  /** Runs a store operation, turning an unusable store into CaUnavailableError (the caller retries). */
  private guard<T>(operation: () => T): T {
    if (this.closed) throw new CaUnavailableError('the local CA is closed');
    try {
      return operation();
    } catch (error) {
      if (error instanceof CaOrderConflictError) throw error;
      throw new CaUnavailableError(`the local CA's store failed: ${(error as Error).message}`, { cause: error });
    }
  }

  // ---------------------------------------------------------------- processing

  private kick(): void {
    if (this.options.processOrders === false || this.closed || this.drainScheduled) return;
    this.drainScheduled = true;
    this.drainChain = this.drainChain
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.drainScheduled = false;
        return this.drain();
      })
      .catch(() => undefined);
  }

  /** Decides pending orders one at a time until none is left. */
  private async drain(): Promise<number> {
    let decided = 0;
    let afterSeq = 0;
    while (!this.closed) {
      const order = this.store.nextPendingOrder(afterSeq);
      if (!order) break;
      afterSeq = order.seq;
      try {
        if (order.kind === 'ISSUANCE') await this.processIssuance(order);
        else await this.processRevocation(order);
        decided++;
      } catch (error) {
        this.options.onError?.(error);
        this.scheduleRetry();
        break;
      }
    }
    return decided;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer || this.options.processOrders === false) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, this.options.retryDelayMs ?? 5000);
    this.retryTimer.unref();
  }

  private async processIssuance(order: OrderRow): Promise<void> {
    const request = JSON.parse(order.requestJson) as StoredIssuanceRequest;
    const decision = await this.decideIssuance(request);
    const completedAt = this.now();
    let result: CaResult;
    let row: CertificateRow | null = null;
    if (decision.ok) {
      const { certificate, serialNumber } = decision;
      const certificatePem = certificate.toString('pem') + '\n';
      const fingerprintSha256 = createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex');
      result = {
        kind: 'Issued',
        trackingId: order.trackingId,
        orderId: order.orderId,
        completedAt,
        certificatePem,
        serialNumber,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        fingerprintSha256,
        issuer: certificate.issuer,
        subject: certificate.subject,
        chainPem: [],
      };
      row = {
        serialNumber,
        trackingId: order.trackingId,
        orderId: order.orderId,
        fqdn: decision.fqdn,
        notBefore: certificate.notBefore.toISOString(),
        notAfter: certificate.notAfter.toISOString(),
        fingerprintSha256,
        certificatePem,
        issuedAt: completedAt.toISOString(),
        revokedAt: null,
        crlReason: null,
        revocationTrackingId: null,
      };
    } else {
      result = { kind: 'Rejected', trackingId: order.trackingId, orderId: order.orderId, completedAt, error: decision.error };
    }
    // False: cancelled (or decided by another process) while we were signing; the certificate never left.
    if (this.store.completeIssuance(order.trackingId, resultToJson(result), completedAt.toISOString(), row)) {
      this.wake.emit('wake');
    }
  }

  private async decideIssuance(request: StoredIssuanceRequest): Promise<IssuanceDecision> {
    const reject = (code: string, message: string): IssuanceDecision => ({ ok: false, error: { code, message } });

    const fqdn = request.fqdn.trim().toLowerCase();
    if (!isValidServerFqdn(fqdn)) return reject('INVALID_FQDN', `not a valid server host name: ${JSON.stringify(request.fqdn)}`);

    const subjectProblem = checkSubject(request.subject);
    if (subjectProblem) return reject('INVALID_SUBJECT', subjectProblem);

    if (!request.notBefore || !request.notAfter) return reject('INVALID_VALIDITY', 'notBefore and notAfter must be valid instants');
    const validity = toWholeSeconds(new Date(request.notBefore), new Date(request.notAfter));
    const lifetimeMs = validity.notAfter.getTime() - validity.notBefore.getTime() + 1000;
    if (lifetimeMs <= 1000) return reject('INVALID_VALIDITY', 'notAfter must be after notBefore');
    const maxLifetimeDays = this.options.maxLifetimeDays ?? baselineMaxLifetimeDays(this.now());
    if (lifetimeMs > maxLifetimeDays * DAY_MS) {
      return reject('INVALID_VALIDITY', `lifetime exceeds ${maxLifetimeDays} days`);
    }

    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(request.csrPem);
    } catch (error) {
      return reject('INVALID_CSR', `the CSR cannot be parsed: ${(error as Error).message}`);
    }
    const key = describeSubscriberKey(csr.publicKey.rawData);
    if (!key.ok) return reject('UNSUPPORTED_KEY', key.message);
    let signatureValid: boolean;
    try {
      signatureValid = await csr.verify();
    } catch (error) {
      return reject('CSR_SIGNATURE_INVALID', `the CSR's signature cannot be checked: ${(error as Error).message}`);
    }
    if (!signatureValid) return reject('CSR_SIGNATURE_INVALID', "the CSR's self-signature does not verify");

    const serialNumber = randomSerialNumber();
    const usages = x509.KeyUsageFlags.digitalSignature | (key.rsa ? x509.KeyUsageFlags.keyEncipherment : 0);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: subjectName(request.subject, fqdn),
      issuer: this.ca.certificate.subjectName,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: csr.publicKey,
      signingKey: this.ca.privateKey,
      signingAlgorithm: this.ca.signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: fqdn }], false),
        await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
        new x509.AuthorityKeyIdentifierExtension(this.ca.keyIdentifierHex),
        new x509.CertificatePolicyExtension([CABF_OV_POLICY_OID]),
        new x509.CRLDistributionPointsExtension([this.crlDistributionUrl]),
        new x509.AuthorityInfoAccessExtension({ caIssuers: this.caIssuersUrl }),
      ],
    });
    return { ok: true, certificate, serialNumber, fqdn };
  }

  private async processRevocation(order: OrderRow): Promise<void> {
    const request = JSON.parse(order.requestJson) as StoredRevocationRequest;
    for (let attempt = 0; ; attempt++) {
      const completedAt = this.now();
      const revokedAt = floorToSecond(completedAt);
      const serialNumber = normalizeSerialNumber(request.serialNumber);
      const base = { trackingId: order.trackingId, orderId: order.orderId, completedAt };
      const rejected = (code: string, message: string): CaResult => ({
        kind: 'RevocationRejected',
        ...base,
        serialNumber: serialNumber ?? request.serialNumber,
        error: { code, message },
      });

      let result: CaResult;
      let revocation: Parameters<CaStore['completeRevocation']>[3] = null;
      const certificate = serialNumber ? this.store.certificateBySerial(serialNumber) : undefined;
      if (!isCrlReasonCode(request.crlReason)) {
        result = rejected(
          'INVALID_CRL_REASON',
          `CRL reason ${request.crlReason} is not allowed for subscriber certificates (allowed: ${Object.keys(CRL_REASON_NAMES).join(', ')})`,
        );
      } else if (!serialNumber || !certificate) {
        result = rejected('UNKNOWN_SERIAL', `this CA issued no certificate with serial ${request.serialNumber}`);
      } else if (certificate.revokedAt) {
        result = rejected('ALREADY_REVOKED', `certificate ${serialNumber} was revoked at ${certificate.revokedAt}`);
      } else {
        const crlReason = request.crlReason;
        const latest = this.store.latestCrl();
        const entries: RevokedEntry[] = [...this.store.revokedEntries(), { serialNumber, revokedAt, crlReason }];
        const crl = await this.signCrl((latest?.crlNumber ?? 0) + 1, revokedAt, entries);
        result = { kind: 'Revoked', ...base, serialNumber, revokedAt, crlReason };
        revocation = { serialNumber, revokedAt: revokedAt.toISOString(), crlReason, crl };
      }
      try {
        if (this.store.completeRevocation(order.trackingId, resultToJson(result), completedAt.toISOString(), revocation)) {
          this.wake.emit('wake');
        }
        return;
      } catch (error) {
        // The serial or the CRL number changed under us (another process): decide again on fresh state.
        if (!(error instanceof StaleStateError) || attempt >= 3) throw error;
      }
    }
  }

  private async signCrl(crlNumber: number, at: Date, entries: readonly RevokedEntry[]) {
    const thisUpdate = floorToSecond(at);
    const nextUpdate = new Date(thisUpdate.getTime() + (this.options.crlValidityMs ?? 7 * DAY_MS));
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.ca.certificate.subjectName,
      thisUpdate,
      nextUpdate,
      signingAlgorithm: this.ca.signingAlgorithm,
      signingKey: this.ca.privateKey,
      extensions: [
        new x509.AuthorityKeyIdentifierExtension(this.ca.keyIdentifierHex),
        new x509.Extension(CRL_NUMBER_OID, false, derInteger(BigInt(crlNumber))),
      ],
      entries: entries.map((entry) => ({
        serialNumber: serialNumberContentHex(entry.serialNumber),
        revocationDate: entry.revokedAt,
        // The BRs (§7.2.2) want no reasonCode entry extension for unspecified (0).
        reason: entry.crlReason === 0 ? undefined : entry.crlReason,
      })),
    });
    return { crlNumber, thisUpdate, nextUpdate, der: Buffer.from(crl.rawData) };
  }

  private waitForResults(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off('wake', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.resultPollIntervalMs ?? 1000);
      timer.unref();
      this.wake.on('wake', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

// ---------------------------------------------------------------- helpers

function requireOrderId(orderId: unknown): string {
  if (typeof orderId !== 'string' || orderId.trim() === '') throw new TypeError('orderId must be a non-empty string');
  return orderId;
}

function isoOrNull(value: unknown): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

function statusOf(trackingId: string, order: OrderRow | undefined): CaOrderStatus {
  if (!order) return { trackingId, state: 'UNKNOWN' };
  const common = { trackingId, orderId: order.orderId, kind: order.kind };
  if (order.state === 'COMPLETED') return { ...common, state: 'COMPLETED', result: resultFromJson(order.resultJson!) };
  return { ...common, state: order.state };
}

function toCertificate(row: CertificateRow): LocalCaCertificate {
  return {
    serialNumber: row.serialNumber,
    orderId: row.orderId,
    trackingId: row.trackingId,
    fqdn: row.fqdn,
    notBefore: new Date(row.notBefore),
    notAfter: new Date(row.notAfter),
    fingerprintSha256: row.fingerprintSha256,
    certificatePem: row.certificatePem,
    issuedAt: new Date(row.issuedAt),
    revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
    crlReason: row.crlReason,
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Upper bounds of RFC 5280 Appendix A (in characters). */
function checkSubject(subject: CertificateSubject): string | null {
  const fields: [string, string, number][] = [
    ['organization', subject.organization, 64],
    ['locality', subject.locality, 128],
    ['stateOrProvince', subject.stateOrProvince, 128],
  ];
  for (const [name, value, max] of fields) {
    if (value.trim() === '') return `subject ${name} is empty`;
    if ([...value].length > max) return `subject ${name} is longer than ${max} characters`;
    if (CONTROL.test(value)) return `subject ${name} contains control characters`;
  }
  if (subject.country !== 'JP') return `subject country must be JP, got ${JSON.stringify(subject.country)}`;
  return null;
}

/**
 * The subject DN: C, ST, L, O from the application and CN = FQDN (left out when longer than the 64
 * characters CN allows; the FQDN is in the SAN either way). C is a PrintableString as RFC 5280 requires,
 * the others UTF8String (Japanese organization names); values are passed as typed objects so no DN-string
 * escaping applies to them.
 */
function subjectName(subject: CertificateSubject, fqdn: string): x509.Name {
  const rdns: x509.JsonNameParams = [
    { C: [{ printableString: 'JP' }] },
    { ST: [{ utf8String: subject.stateOrProvince }] },
    { L: [{ utf8String: subject.locality }] },
    { O: [{ utf8String: subject.organization }] },
  ];
  if (fqdn.length <= 64) rdns.push({ CN: [{ utf8String: fqdn }] });
  return new x509.Name(rdns);
}

/** Subscriber keys the Baseline Requirements (§6.1.5) allow: RSA ≥ 2048 bits (multiple of 8), ECDSA P-256 or P-384. */
function describeSubscriberKey(spki: ArrayBuffer): { ok: true; rsa: boolean } | { ok: false; message: string } {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    return { ok: false, message: `the CSR's public key cannot be read: ${(error as Error).message}` };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < 2048 || bits % 8 !== 0) return { ok: false, message: `RSA key of ${bits} bits (at least 2048, a multiple of 8)` };
    return { ok: true, rsa: true };
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1') return { ok: true, rsa: false };
    return { ok: false, message: `ECDSA curve ${String(details.namedCurve)} (P-256 or P-384)` };
  }
  return { ok: false, message: `key type ${String(key.asymmetricKeyType)} (RSA or ECDSA)` };
}
