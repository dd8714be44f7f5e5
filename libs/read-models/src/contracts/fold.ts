import { deserialize, serialize } from 'node:v8';
import {
  closedAt,
  CONTRACT_EVENT_TYPES,
  contractStreamId,
  evolveContract,
  invoiceStatus,
  isContract,
  type Actor,
  type Address,
  type Applicant,
  type CertificateInstance,
  type Contract,
  type ContractEvent,
  type DocumentRef,
  type EventEnvelope,
  type RevocationState,
} from '@pfw/domain';
import type { EventSerializer } from '@pfw/event-serialization';
import type { RecordedEvent } from '@pfw/event-store';
import type { EventLogReader } from '../log/event-log.reader';
import type {
  ActorView, AddressView, ApplicantView, CertificateView, CertificateViewStatus, ContractView, DocumentView, IsoInstant, RevocationView,
} from './view';

/** A decoded contract event, as EventSerializer.decode answers it (narrowed to the contract stream's events). */
export interface DecodedContractEvent {
  readonly event: ContractEvent;
  readonly envelope: EventEnvelope;
  /**
   * Personal fields that decoded as null because the contract's key was destroyed (EventSerializer's
   * `shreddedFields`): the view then says `personalDataShredded` even when folded only up to an earlier event
   * (a rebuild, `contractAsOf`).
   */
  readonly shreddedFields?: readonly string[];
}

/** What the fold needs of the stored event: where it sits in its stream and in the log. */
export type ViewEventMeta = Pick<RecordedEvent, 'revision' | 'position'>;

const CONTRACT_TYPES: ReadonlySet<string> = new Set<string>(CONTRACT_EVENT_TYPES);

export function isContractEvent(event: { readonly type: string }): event is ContractEvent {
  return CONTRACT_TYPES.has(event.type);
}

/** Thrown when an event cannot follow the contract it is applied to (a history the projection cannot fold). */
export class ContractViewError extends Error {
  override readonly name = 'ContractViewError';
}

/**
 * A contract as the read side folds it: the domain's own folded state (evolveContract, the one fold of a
 * contract) plus the few facts only the view needs — where the last event sits and when it occurred, and
 * whether any event decoded with its personal fields already shredded.
 */
export interface FoldedContract {
  readonly state: Contract;
  /** The stream revision of the last event folded. */
  readonly version: number;
  readonly position: bigint;
  readonly lastEventAt: Date;
  readonly shreddedFieldsSeen: boolean;
}

/**
 * Folds one decoded contract event: evolveContract for the contract, the event's place and instant for the
 * view. Pure, never mutates its inputs. `folded` is null only before ApplicationSubmitted.
 */
export function foldContractEvent(folded: FoldedContract | null, decoded: DecodedContractEvent, meta: ViewEventMeta): FoldedContract {
  const { event, envelope } = decoded;
  if (event.type === 'ApplicationSubmitted') {
    if (folded) throw new ContractViewError(`contract ${folded.state.id}: a second ApplicationSubmitted (revision ${meta.revision})`);
  } else if (!folded) {
    throw new ContractViewError(`${event.type} (revision ${meta.revision}) before ApplicationSubmitted`);
  } else {
    const impossible = cannotFollow(folded.state, event);
    if (impossible) throw new ContractViewError(`contract ${folded.state.id}: ${impossible} (revision ${meta.revision})`);
  }
  const state = evolveContract(folded ? folded.state : { status: 'NEW' }, event);
  if (!isContract(state)) throw new ContractViewError(`${event.type} left no contract`);
  return {
    state,
    version: meta.revision,
    position: meta.position,
    lastEventAt: envelope.occurredAt,
    shreddedFieldsSeen: (folded?.shreddedFieldsSeen ?? false) || (decoded.shreddedFields !== undefined && decoded.shreddedFields.length > 0),
  };
}

/**
 * An event no decider writes on this contract, which evolveContract (total over valid histories) would pass
 * over: the view refuses to show such a history rather than show it partly.
 */
function cannotFollow(c: Contract, event: ContractEvent): string | null {
  switch (event.type) {
    case 'FeePaid':
    case 'PaymentOverdue':
      return c.invoice?.invoiceId === event.data.invoiceId ? null : `${event.type} for invoice ${event.data.invoiceId}, which was not issued`;
    case 'RevocationRequested':
    case 'RevocationRejected':
    case 'RevocationWithdrawn':
      return c.revocation ? null : `${event.type} without a revocation`;
    default:
      return null;
  }
}

/** Folds a whole decoded stream (oldest first); null for an empty one. */
export function foldContractEvents(events: readonly (DecodedContractEvent & { readonly meta: ViewEventMeta })[]): FoldedContract | null {
  let folded: FoldedContract | null = null;
  for (const e of events) folded = foldContractEvent(folded, e, e.meta);
  return folded;
}

/** Folds a whole decoded stream (oldest first) into its view; null for an empty one. */
export function foldView(events: readonly (DecodedContractEvent & { readonly meta: ViewEventMeta })[]): ContractView | null {
  const folded = foldContractEvents(events);
  return folded && contractView(folded);
}

/**
 * The contract's view, read off the folded contract, from the log itself: its stream decoded by the one
 * serializer, folded up to `asOf` (by occurredAt) when given. Null when the contract has no events (by then).
 * Read-your-writes past its wait and `contractAsOf` answer with it.
 */
export async function contractViewFromLog(
  log: Pick<EventLogReader, 'stream'>,
  serializer: Pick<EventSerializer, 'decode'>,
  contractId: string,
  options: { readonly asOf?: Date } = {},
): Promise<ContractView | null> {
  const recorded = await log.stream(contractStreamId(contractId));
  if (recorded === null) return null;
  const decoded = await Promise.all(recorded.map((r) => serializer.decode(r)));
  let folded: FoldedContract | null = null;
  for (const [i, { event, envelope, shreddedFields }] of decoded.entries()) {
    if (options.asOf && envelope.occurredAt.getTime() > options.asOf.getTime()) break;
    if (!isContractEvent(event)) continue;
    folded = foldContractEvent(folded, { event, envelope, shreddedFields }, recorded[i]!);
  }
  return folded && contractView(folded);
}

/**
 * The view a command's own result shows: the contract as the command side folded it — evolveContract over the
 * same decoded history plus the events the command decided —, its last event at `revision` and `position`,
 * decided at `occurredAt`. It is the view the projection writes once it applies that event, so a mutation can
 * answer with it before the projection has. Only for a contract whose personal data is held: a shredded one
 * is folded with the fields its events decoded as shredded, which the command side does not keep.
 */
export function contractViewAfterCommand(state: Contract, last: { readonly revision: number; readonly position: bigint; readonly occurredAt: Date }): ContractView {
  return contractView({ state, version: last.revision, position: last.position, lastEventAt: last.occurredAt, shreddedFieldsSeen: false });
}

/** The folded contract as the projection keeps it between batches (node:v8's format: Dates and bigints as they are). */
export function encodeFoldedContract(folded: FoldedContract): string {
  return serialize(folded).toString('base64');
}

export function decodeFoldedContract(text: string): FoldedContract {
  return deserialize(Buffer.from(text, 'base64')) as FoldedContract;
}

const iso = (d: Date): IsoInstant => d.toISOString();
const isoOrNull = (d: Date | null): IsoInstant | null => (d ? d.toISOString() : null);
const actorView = (a: Actor): ActorView => ({ id: a.id, role: a.role });
const documentView = (d: DocumentRef): DocumentView => ({ id: d.id, kind: d.kind, sha256: d.sha256 });

/** Null-tolerant: once shredded, personal fields are null. */
function addressView(a: Address | null | undefined): AddressView {
  return { postalCode: a?.postalCode ?? null, prefecture: a?.prefecture ?? null, city: a?.city ?? null, street: a?.street ?? null };
}

function applicantView(a: Applicant): ApplicantView {
  return {
    organizationName: a.organizationName ?? null,
    organizationType: a.organizationType,
    corporateNumber: a.corporateNumber ?? null,
    address: addressView(a.address),
    representativeName: a.representativeName ?? null,
    contact: { name: a.contact?.name ?? null, email: a.contact?.email ?? null, phone: a.contact?.phone ?? null },
  };
}

/** Revoked, else expired with its contract (no instance outlives coverage, Art. 11), else delivered or issued. */
function certificateStatus(cert: CertificateInstance, c: Contract): CertificateViewStatus {
  if (cert.revokedAt !== null) return 'REVOKED';
  if (c.status === 'EXPIRED') return 'EXPIRED';
  return cert.deliveredAt !== null ? 'DELIVERED' : 'ISSUED';
}

function certificateView(cert: CertificateInstance, c: Contract): CertificateView {
  return {
    serialNumber: cert.serialNumber, notBefore: iso(cert.notBefore), notAfter: iso(cert.notAfter), fingerprintSha256: cert.fingerprintSha256,
    status: certificateStatus(cert, c), pem: cert.pem, caOrderId: cert.caOrderId, subject: cert.subject, issuer: cert.issuer,
    deliveredAt: isoOrNull(cert.deliveredAt), deliveryMethod: cert.deliveryMethod, revokedAt: isoOrNull(cert.revokedAt), crlReason: cert.crlReason,
  };
}

function revocationView(r: RevocationState): RevocationView {
  return {
    reason: r.reason, crlReason: r.crlReason, status: r.status, requestedAt: isoOrNull(r.requestedAt), revokedAt: isoOrNull(r.revokedAt),
    deadline: iso(r.deadline), initiatedAt: iso(r.initiatedAt), initiator: r.initiator, noticeRule: r.noticeRule,
    noticeGivenAt: isoOrNull(r.noticeGivenAt), by: actorView(r.by), note: r.note, serialNumbers: [...r.serialNumbers],
    revokedSerialNumbers: [...r.revokedSerialNumbers], caOrderId: r.caOrderId, rejectedAt: isoOrNull(r.rejectedAt), caError: r.caError,
    supersededBy: r.supersededBy, statusBefore: r.statusBefore,
  };
}

/**
 * The view of a folded contract: the domain's facts in the view's JSON-friendly shape (ISO instants, Japan
 * dates as they are) — no rule of its own, so the view and the command side never disagree about a contract.
 */
export function contractView(folded: FoldedContract): ContractView {
  const c = folded.state;
  const certificates = c.certificates.map((cert) => certificateView(cert, c));
  let currentCertificate: string | null = null;
  for (let i = certificates.length - 1; i >= 0 && currentCertificate === null; i--) {
    if (certificates[i]!.status === 'ISSUED' || certificates[i]!.status === 'DELIVERED') currentCertificate = certificates[i]!.serialNumber;
  }
  const inv = c.invoice;
  const order = c.pendingOrder;
  const t = c.termination;
  return {
    id: c.id,
    status: c.status,
    applicant: applicantView(c.applicant),
    webServerFqdn: c.webServerFqdn,
    planMonths: c.planMonths,
    coverageStartsOn: c.coverageStartsOn,
    coverageEndsOn: c.coverageEndsOn,
    stickerRequested: c.stickerRequested,
    certificateDeliveryMethod: c.certificateDeliveryMethod,
    termsVersion: c.termsVersion,
    closedAt: isoOrNull(closedAt(c)),
    submittedAt: iso(c.submittedAt),
    acceptedAt: isoOrNull(c.acceptedAt),
    invoice: inv && {
      id: inv.invoiceId, subtotalJpy: inv.subtotalJpy, taxJpy: inv.consumptionTaxJpy, amountJpy: inv.totalJpy, paidJpy: inv.paidJpy,
      issuedOn: inv.issuedOn, dueOn: inv.dueOn, status: invoiceStatus(inv), outstandingJpy: Math.max(0, inv.totalJpy - inv.paidJpy),
      taxRatePercent: inv.taxRatePercent, receivedOn: inv.receivedOn, channel: inv.channel, registrationNumber: inv.registrationNumber,
      payments: inv.payments.map((p) => ({ amountJpy: p.amountJpy, paidOn: p.paidOn, bankReference: p.bankReference })),
      overdueSince: isoOrNull(inv.overdueSince), settledOn: inv.settledOn,
    },
    certificates,
    currentCertificate,
    sticker: {
      status: c.sticker.status, serial: c.sticker.serial, shippedOn: c.sticker.shippedOn, returnRequestedAt: isoOrNull(c.sticker.returnRequestedAt),
      returnDueOn: c.sticker.returnDueOn, returnedOn: c.sticker.returnedOn,
    },
    revocation: c.revocation && revocationView(c.revocation),
    notifications: c.notifications.map((n) => ({ kind: n.kind, channel: n.channel, sentAt: iso(n.sentAt), termsVersion: n.termsVersion })),
    renewalOf: c.renewalOf,
    supersedes: c.supersedes,
    version: folded.version,
    submittedBy: actorView(c.submittedBy),
    deliveryAddress: addressView(c.deliveryAddress),
    documents: c.documents.map(documentView),
    documentsDiscarded: c.documentsDiscarded,
    outstandingDocumentKinds: [...c.outstandingDocumentKinds],
    transferConsentDocument: c.transferConsentDocument && documentView(c.transferConsentDocument),
    csrDigest: c.csr.sha256,
    screening: c.screening && {
      result: c.screening.result, by: actorView(c.screening.screener), at: iso(c.screening.at),
      checklist: c.screening.checklist && { ...c.screening.checklist }, reasons: [...c.screening.reasons], note: c.screening.note,
    },
    withdrawal: c.withdrawal && { at: iso(c.withdrawal.at), by: actorView(c.withdrawal.by), note: c.withdrawal.note },
    pendingOrder: order && {
      caOrderId: order.caOrderId, kind: order.kind, reissueReason: order.reissueReason, csrDigest: order.csrDigest,
      requestedAt: iso(order.requestedAt), maxLifetimeDays: order.validity.maxLifetimeDays, notAfterLatest: iso(order.validity.notAfterLatest),
    },
    pastRevocations: c.pastRevocations.map(revocationView),
    termination: t && {
      noticedOn: t.noticedOn, effectiveOn: t.effectiveOn, channel: t.channel, reason: t.reason, noticedBy: actorView(t.noticedBy),
      terminatedAt: isoOrNull(t.terminatedAt),
    },
    cancellation: c.cancellation && { reason: c.cancellation.reason, at: iso(c.cancellation.at), by: actorView(c.cancellation.by), note: c.cancellation.note },
    endedAt: isoOrNull(c.endedAt),
    compensations: c.compensations.map((x) => ({
      incidentOn: x.incidentOn, contractFeeJpy: x.contractFeeJpy, feeReceivedJpy: x.feeReceivedJpy, remainingWholeMonths: x.remainingWholeMonths,
      planMonths: x.planMonths, amountJpy: x.amountJpy, assessedAt: iso(x.assessedAt), assessedBy: actorView(x.assessedBy),
    })),
    personalDataShredded: c.personalDataShredded || folded.shreddedFieldsSeen,
    lastEventAt: iso(folded.lastEventAt),
    position: folded.position.toString(),
  };
}
