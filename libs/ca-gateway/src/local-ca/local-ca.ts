import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import {
  CaAcceptance,
  CaCancellation,
  CaGateway,
  CaOrderConflictError,
  CaOrderKind,
  CaOrderStatus,
  CaResult,
  CaResultsOptions,
  CancelRequest,
  CaUnavailableError,
  CRL_REASON_NAMES,
  CrlReasonCode,
  IssuanceRequest,
  isCrlReasonCode,
  RevocationRequest,
} from '../port';
import { CaKeyStore, CaMaterial, loadConfiguredCaMaterial, loadOrCreateStoredCaMaterial } from './ca-material';
import { CaStore, CertificateRow, OrderRow, resultFromJson, resultToJson, RevokedEntry, StaleStateError } from './ca-store';
import { signCrl } from './crl';
import { floorToSecond, normalizeSerialNumber } from './encoding';
import { decideIssuance, type StoredIssuanceRequest } from './issuance';
import { findLegacyCa, importLegacyState, removeLegacyCa } from './legacy-import';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LocalCaOptions {
  /**
   * The read-model database (this lib's migration 0008 has run): the CA's certificate, sealed key, orders, certificates and
   * CRLs, shared by every process of a deployment when it is PostgreSQL.
   */
  readonly db: Kysely<any>;
  /** The key store whose data key `ca:<name>` seals the generated CA's private key (the master key wraps it). */
  readonly keys?: CaKeyStore;
  /** The CA's name in the database (default `local`). */
  readonly name?: string;
  /**
   * Where a single host's earlier version kept the CA (`<DATA_DIR>/ca`): moved into the database once, then
   * removed. A CA there that is not the database's and issued nothing (an api replica's own) is removed; one that
   * issued certificates stops the start.
   */
  readonly legacyDirectory?: string;
  /** `PUBLIC_BASE_URL`: certificates point to `<base>/ca/crl` (CRL DP) and `<base>/ca/certificate` (AIA). */
  readonly publicBaseUrl: string;
  /** An existing CA from files instead of a generated one: both paths, or neither. */
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
   * orders and serves the CRL and CA certificate, and the workers sharing the database process them.
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
  /** How often `results()` and the order processing look for what another process wrote (default 1 s). */
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

interface StoredRevocationRequest {
  readonly orderId: string;
  readonly serialNumber: string;
  readonly crlReason: number;
  readonly note: string | null;
}

/**
 * The built-in local CA: a CA gateway adapter that is its own CA, for development, tests and demos.
 *
 * It behaves like a remote CA: `submit*` records the order and answers at once; a background step (in
 * this process, unless `processOrders` is false) decides each pending order in submission order and
 * queues its result durably; `results()` / `pollStatus()` deliver it. Pending orders survive a restart and
 * are processed then. Its whole state is in the database (`CaStore`), so every process of a deployment is the
 * same CA: an order taken by one api is decided by whichever worker gets to it first (the others find it
 * decided), and every api serves the CRL the latest revocation signed. The CA key is imported
 * non-extractable into each process that signs.
 */
export class LocalCertificateAuthority implements CaGateway {
  private readonly now: () => Date;
  private readonly crlDistributionUrl: string;
  private readonly caIssuersUrl: string;
  private readonly wake = new EventEmitter();
  private drainChain: Promise<unknown> = Promise.resolve();
  private drainScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
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

  /** Opens the CA in the database, creating its key, certificate and first CRL on the deployment's first start. */
  static async open(options: LocalCaOptions): Promise<LocalCertificateAuthority> {
    const base = options.publicBaseUrl;
    if (!/^https?:\/\/[^/]+/.test(base)) {
      throw new Error(`Local CA: PUBLIC_BASE_URL must be an http(s) URL, got ${JSON.stringify(base)}`);
    }
    const store = new CaStore(options.db);
    const ca = await LocalCertificateAuthority.material(options, store);
    const authority = new LocalCertificateAuthority(options, ca, store);
    await authority.currentCrlDer();
    authority.startProcessing();
    return authority;
  }

  private static async material(options: LocalCaOptions, store: CaStore): Promise<CaMaterial> {
    if (options.caKeyPath !== undefined || options.caCertificatePath !== undefined) {
      return loadConfiguredCaMaterial(options.caKeyPath, options.caCertificatePath);
    }
    if (!options.keys) throw new Error('Local CA: a key store is needed to keep a generated CA key');
    const legacy = options.legacyDirectory ? findLegacyCa(options.legacyDirectory) : null;
    const ca = await loadOrCreateStoredCaMaterial(
      store,
      options.keys,
      {
        name: options.name ?? 'local',
        subject: options.caSubject ?? 'CN=Passport for Web Local CA, O=Passport for Web (local development CA), C=JP',
        validityDays: options.caValidityDays ?? 3650,
        now: options.now ?? (() => new Date()),
      },
      legacy?.ca,
    );
    if (legacy) {
      if (sameCertificate(ca.certificatePem, legacy.ca.certificatePem)) {
        await importLegacyState(legacy, store);
      } else if (legacy.issued > 0) {
        throw new Error(
          `Local CA: ${legacy.directory} holds a CA that issued ${legacy.issued} certificate(s), but the database holds another CA; ` +
            'start the process that issued them first (its CA moves into an empty database), or move that directory away',
        );
      }
      removeLegacyCa(legacy);
    }
    return ca;
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
    return this.guard(async () => {
      const order = await this.store.orderByOrderId(orderId);
      if (!order) return { orderId, trackingId: null, outcome: 'NOT_FOUND' as const };
      if (order.state === 'PENDING') {
        await this.store.cancelPending(orderId, request.reason ?? null, this.now().toISOString());
      }
      const state = (await this.store.orderByOrderId(orderId))!.state;
      return {
        orderId,
        trackingId: order.trackingId,
        outcome: state === 'CANCELLED' ? ('CANCELLED' as const) : ('ALREADY_COMPLETED' as const),
      };
    });
  }

  async pollStatus(trackingIds: readonly string[]): Promise<CaOrderStatus[]> {
    return this.guard(async () => {
      const statuses: CaOrderStatus[] = [];
      for (const trackingId of trackingIds) statuses.push(statusOf(trackingId, await this.store.orderByTrackingId(trackingId)));
      return statuses;
    });
  }

  async *results(options: CaResultsOptions = {}): AsyncGenerator<CaResult, void, undefined> {
    const { signal } = options;
    let lastSeq = 0;
    while (!this.closed && !signal?.aborted) {
      const rows = await this.store.unacknowledgedResults(lastSeq, 100);
      if (rows.length === 0) {
        await this.waitForResults(signal);
        // Another process's transaction may commit a lower feed position after a higher one: look again from
        // the start once nothing new came (what is unacknowledged is still there; acknowledged rows are skipped).
        lastSeq = 0;
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
    await this.guard(() => this.store.acknowledge(trackingId, this.now().toISOString()));
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
      const latest = await this.store.latestCrl();
      const now = this.now();
      const refresh = this.options.crlRefreshMs ?? DAY_MS;
      if (latest && now.getTime() - latest.thisUpdate.getTime() < refresh) return latest.der;
      const crl = await signCrl(this.ca, (latest?.crlNumber ?? 0) + 1, now, await this.store.revokedEntries(), this.crlValidityMs);
      try {
        await this.store.insertCrl(crl);
        return crl.der;
      } catch (error) {
        // Another process stored a CRL under that number meanwhile: take the newest one.
        if (!(error instanceof StaleStateError) || attempt >= 3) throw error;
      }
    }
  }

  /** What the CA issued, oldest first (for operators and tests). */
  async certificates(): Promise<LocalCaCertificate[]> {
    return (await this.store.certificates()).map(toCertificate);
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

  /** Stops processing (waiting for the order in progress) and ends `results()` iterations. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.wake.emit('wake');
    await this.drainChain.catch(() => undefined);
  }

  /** Nest calls this on shutdown. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  private get crlValidityMs(): number {
    return this.options.crlValidityMs ?? 7 * DAY_MS;
  }

  // ---------------------------------------------------------------- taking orders

  private async submit(kind: CaOrderKind, orderId: string, request: StoredIssuanceRequest | StoredRevocationRequest): Promise<CaAcceptance> {
    const requestJson = JSON.stringify(request);
    const requestDigest = createHash('sha256').update(kind).update('\n').update(requestJson).digest('hex');
    const order = await this.guard(() =>
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
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new CaUnavailableError('the local CA is closed');
    try {
      return await operation();
    } catch (error) {
      if (error instanceof CaOrderConflictError) throw error;
      throw new CaUnavailableError(`the local CA's store failed: ${(error as Error).message}`, { cause: error });
    }
  }

  // ---------------------------------------------------------------- processing

  /** Orders left pending by a previous run, and (polling) orders another process took. */
  private startProcessing(): void {
    if (this.options.processOrders === false) return;
    this.kick();
    this.pollTimer = setInterval(() => this.kick(), this.options.resultPollIntervalMs ?? 1000);
    this.pollTimer.unref();
  }

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
      let order: OrderRow | undefined;
      try {
        order = await this.store.nextPendingOrder(afterSeq);
        if (!order) break;
        afterSeq = order.seq;
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
    const decision = await decideIssuance(request, this.ca, {
      maxLifetimeDays: this.options.maxLifetimeDays,
      now: this.now(),
      crlDistributionUrl: this.crlDistributionUrl,
      caIssuersUrl: this.caIssuersUrl,
    });
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
    if (await this.store.completeIssuance(order.trackingId, resultToJson(result), completedAt.toISOString(), row)) {
      this.wake.emit('wake');
    }
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
      const certificate = serialNumber ? await this.store.certificateBySerial(serialNumber) : undefined;
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
        const latest = await this.store.latestCrl();
        const entries: RevokedEntry[] = [...(await this.store.revokedEntries()), { serialNumber, revokedAt, crlReason }];
        const crl = await signCrl(this.ca, (latest?.crlNumber ?? 0) + 1, revokedAt, entries, this.crlValidityMs);
        result = { kind: 'Revoked', ...base, serialNumber, revokedAt, crlReason };
        revocation = { serialNumber, revokedAt: revokedAt.toISOString(), crlReason, crl };
      }
      try {
        if (await this.store.completeRevocation(order.trackingId, resultToJson(result), completedAt.toISOString(), revocation)) {
          this.wake.emit('wake');
        }
        return;
      } catch (error) {
        // The serial or the CRL number changed under us (another process): decide again on fresh state.
        if (!(error instanceof StaleStateError) || attempt >= 3) throw error;
      }
    }
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

function sameCertificate(a: string, b: string): boolean {
  const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return der(a).equals(der(b));
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

