import { CRL_REASON_CODES, CRL_REASONS, type CrlReasonCode } from '@pfw/domain';

/**
 * The CA gateway port: how the application asks a certificate authority to issue, revoke or cancel, and
 * how the CA's answers come back.
 *
 * Every CA answers asynchronously. `submit*` only hands a request over and returns an *acceptance* (the
 * CA's tracking id); the *result* (issued, rejected, revoked, revocation rejected) arrives later, through
 * `results()` (a feed the worker drains, acknowledging each result once the app recorded it as its own
 * command) or `pollStatus()` (the authoritative state of given tracking ids, safe to ask again after a
 * crash). The application must treat every adapter, the built-in local CA included, as a remote CA.
 *
 * Contract every adapter keeps:
 * - **Idempotent on our order id.** `orderId` is the application's deterministic id (derived from the
 *   contract and the event that asked). Submitting the same order again returns the same tracking id and
 *   never issues or revokes twice. The same order id with a different request is a programming error
 *   (`CaOrderConflictError`).
 * - **Throwing means "try again".** A `submit*`/`cancelOrder`/`pollStatus` that rejects with
 *   `CaUnavailableError` changed nothing the app can rely on; the caller retries with the same order id.
 *   A request the CA *refuses* (bad CSR, unknown serial, …) is not thrown: it is accepted and answered
 *   with a `Rejected` / `RevocationRejected` result, so a saga moves on instead of retrying forever.
 * - **At least once.** A result stays in `results()` until acknowledged; the consumer records it with a
 *   command id derived from `trackingId`, so seeing it twice writes once.
 *
 * How a REST adapter for Entrust-style ECS or Sectigo would map onto this port (none is built: the local CA
 * is the only adapter; confirm field names against the vendor's current API reference when writing one):
 * - `submitIssuance` → the vendor's "create certificate order" call with the CSR, the FQDN as the single
 *   SAN, the organization (from the pre-validated organization on the account) and the requested expiry
 *   (`notAfter`; vendors round expiry to their own granularity, which the adapter must round *down* so
 *   the certificate never outlives coverage). The vendor's order / tracking number becomes `trackingId`.
 *   Vendors do not all deduplicate by a client key, so the adapter keeps its own table
 *   `orderId → trackingId` (insert before the call, fill in after) and, when an earlier call's outcome is
 *   unknown, looks the order up by a client reference field carrying `orderId` before submitting again.
 *   A synchronous 4xx refusal of the request becomes a `Rejected` result under a synthetic tracking id.
 * - `pollStatus` → "get order by tracking id": states such as *pending / awaiting approval* map to
 *   `PENDING`; *issued* → `Issued` after collecting the PEM (and chain); *rejected / cancelled by the CA*
 *   → `Rejected`; for revocation orders, the certificate's revocation state → `Revoked`.
 *   `results()` is then a loop that polls the adapter's own pending orders with backoff (or consumes the
 *   vendor's webhook, where one is offered) and writes results to a durable outbox.
 * - `submitRevocation` → the vendor's "revoke certificate" call by tracking id or serial with its reason
 *   enumeration: 0 unspecified, 1 keyCompromise, 3 affiliationChanged, 4 superseded,
 *   5 cessationOfOperation, 9 privilegeWithdrawn (the only reasons the Baseline Requirements allow for
 *   subscriber certificates, see `CRL_REASON_NAMES`), `note` as the revocation comment. The vendor's
 *   answer (often synchronous) is still reported through `results()` as `Revoked` / `RevocationRejected`.
 * - `cancelOrder` → the vendor's "cancel order" call while the order is not yet issued.
 */

/** RFC 5280 CRLReason codes allowed for subscriber certificates by the CA/B Forum Baseline Requirements. */
export type { CrlReasonCode };

const camelCase = (name: string): string => name.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** RFC 5280 names of the allowed CRL reasons (API.md's `CrlReason` enum in camelCase), read off the domain's one table. */
export const CRL_REASON_NAMES: Readonly<Record<CrlReasonCode, string>> = Object.freeze(
  Object.fromEntries(CRL_REASONS.map((reason) => [CRL_REASON_CODES[reason], camelCase(reason)])) as Record<CrlReasonCode, string>,
);

export function isCrlReasonCode(value: unknown): value is CrlReasonCode {
  return typeof value === 'number' && Object.prototype.hasOwnProperty.call(CRL_REASON_NAMES, value);
}

/** The organization the certificate names, taken from the application (never from the CSR). */
export interface CertificateSubject {
  /** O — the applicant's organization name (at most 64 characters). */
  readonly organization: string;
  /** L — city (at most 128 characters). */
  readonly locality: string;
  /** ST — prefecture (at most 128 characters). */
  readonly stateOrProvince: string;
  /** C — always Japan for this service. */
  readonly country: 'JP';
}

export interface IssuanceRequest {
  /** Our deterministic order id: the idempotency key. */
  readonly orderId: string;
  /** PKCS#10 request, PEM. Its subject is ignored; only its key (and self-signature) are used. */
  readonly csrPem: string;
  /** The web server's FQDN: CN (when it fits 64 characters) and the only dNSName in subjectAltName. */
  readonly fqdn: string;
  readonly subject: CertificateSubject;
  /**
   * Validity asked for; the caller already chose min(lifetime cap, coverage left). X.509 keeps whole
   * seconds: the CA truncates without ever lengthening the lifetime or moving notAfter later.
   */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface RevocationRequest {
  /** Our deterministic order id for this revocation: the idempotency key. */
  readonly orderId: string;
  /** As `openssl x509 -serial` prints it: uppercase hex, no separators, no leading zero byte. */
  readonly serialNumber: string;
  readonly crlReason: CrlReasonCode;
  /** Free text kept with the CA's record (never published in the CRL). */
  readonly note?: string;
}

export interface CancelRequest {
  /** Our order id of the issuance order to cancel. */
  readonly orderId: string;
  readonly reason?: string;
}

/** The CA took the request; its result comes later. */
export interface CaAcceptance {
  readonly orderId: string;
  readonly trackingId: string;
}

export type CaCancellationOutcome =
  /** The order was pending and will never be issued (also the answer when it was already cancelled). */
  | 'CANCELLED'
  /** Too late: the order already has a result (look at it; an issued certificate must be revoked). */
  | 'ALREADY_COMPLETED'
  /** The CA has no such order: nothing was ever submitted under this order id. */
  | 'NOT_FOUND';

export interface CaCancellation {
  readonly orderId: string;
  readonly trackingId: string | null;
  readonly outcome: CaCancellationOutcome;
}

export interface CaError {
  /** Stable machine code, e.g. `CSR_SIGNATURE_INVALID`, `UNKNOWN_SERIAL`, `ALREADY_REVOKED`. */
  readonly code: string;
  readonly message: string;
}

interface CaResultBase {
  readonly trackingId: string;
  readonly orderId: string;
  /** When the CA decided (the CA's clock). */
  readonly completedAt: Date;
}

export interface CertificateIssuedResult extends CaResultBase {
  readonly kind: 'Issued';
  readonly certificatePem: string;
  /** Uppercase hex, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  readonly fingerprintSha256: string;
  /** Distinguished names as strings (RFC 4514 style, in the certificate's order). */
  readonly issuer: string;
  readonly subject: string;
  /** Intermediate CA certificates (PEM) a server sends after its own; empty when the issuer is a root. */
  readonly chainPem: readonly string[];
}

export interface IssuanceRejectedResult extends CaResultBase {
  readonly kind: 'Rejected';
  readonly error: CaError;
}

export interface CertificateRevokedResult extends CaResultBase {
  readonly kind: 'Revoked';
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly crlReason: CrlReasonCode;
}

export interface RevocationRejectedResult extends CaResultBase {
  readonly kind: 'RevocationRejected';
  readonly serialNumber: string;
  readonly error: CaError;
}

export type CaResult =
  | CertificateIssuedResult
  | IssuanceRejectedResult
  | CertificateRevokedResult
  | RevocationRejectedResult;

export type CaOrderKind = 'ISSUANCE' | 'REVOCATION';

export type CaOrderStatus =
  | { readonly trackingId: string; readonly state: 'UNKNOWN' }
  | { readonly trackingId: string; readonly orderId: string; readonly kind: CaOrderKind; readonly state: 'PENDING' }
  | { readonly trackingId: string; readonly orderId: string; readonly kind: CaOrderKind; readonly state: 'CANCELLED' }
  | {
      readonly trackingId: string;
      readonly orderId: string;
      readonly kind: CaOrderKind;
      readonly state: 'COMPLETED';
      readonly result: CaResult;
    };

export interface CaResultsOptions {
  /** Ends the iteration (the iterator returns) when aborted. */
  readonly signal?: AbortSignal;
}

export interface CaGateway {
  /** Hands an issuance order to the CA. Idempotent on `orderId`. */
  submitIssuance(request: IssuanceRequest): Promise<CaAcceptance>;
  /** Hands a revocation order to the CA. Idempotent on `orderId`. */
  submitRevocation(request: RevocationRequest): Promise<CaAcceptance>;
  /** Cancels a pending issuance order (before issuance: Art. 7, CANCELLED). Idempotent. */
  cancelOrder(request: CancelRequest): Promise<CaCancellation>;
  /** The current state of each tracking id, in the order asked. */
  pollStatus(trackingIds: readonly string[]): Promise<CaOrderStatus[]>;
  /**
   * Results not yet acknowledged, oldest first, then new ones as the CA decides; never ends by itself
   * (end it with `signal` or by closing the adapter). A fresh iteration starts again from the oldest
   * unacknowledged result, so nothing is lost across a crash.
   */
  results(options?: CaResultsOptions): AsyncIterable<CaResult>;
  /** The app recorded this result: it leaves the feed. Unknown or already acknowledged ids are a no-op. */
  acknowledge(trackingId: string): Promise<void>;
}

/** Nest injection token for the configured CA gateway. */
export const CA_GATEWAY = Symbol.for('pfw.CaGateway');

/** The CA could not be reached or could not take the request now; nothing to rely on changed. Retry. */
export class CaUnavailableError extends Error {
  override readonly name = 'CaUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The same order id was submitted with a different request: a bug in how order ids are derived. */
export class CaOrderConflictError extends Error {
  override readonly name = 'CaOrderConflictError';
  constructor(readonly orderId: string) {
    super(`CA order ${orderId} was already submitted with a different request`);
  }
}
