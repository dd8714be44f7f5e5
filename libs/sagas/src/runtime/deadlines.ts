import type { JsonRecord } from './saga';

/**
 * What each kind of deadline carries. A saga schedules `{ kind, payload }` and the action of that kind
 * receives the same payload typed, so a payload field is named once, here. Payloads are stored as JSON
 * (strings, numbers, booleans: no Date), written only by the sagas of this version.
 */

/** The payload of a `notice` deadline: the kind of notice and what its builder needs besides the contract. */
export type NoticePayload =
  | { readonly kind: 'SCREENING_RESULT' }
  | { readonly kind: 'INVOICE'; readonly invoiceId: string }
  | { readonly kind: 'PAYMENT_REMINDER'; readonly invoiceId: string }
  /** Before issuance the notice announces the cancellation (non-payment, the CA's refusal). */
  | { readonly kind: 'REVOCATION_NOTICE'; readonly mode: 'cancellation' }
  /** After a cancellation nobody announced before (the CA's refusal, an operator's cancellation): the customer is told. */
  | { readonly kind: 'REVOCATION_NOTICE'; readonly mode: 'cancelled' }
  | { readonly kind: 'REVOCATION_NOTICE'; readonly initiatedAt: string }
  | { readonly kind: 'REVOCATION_RESULT'; readonly initiatedAt: string }
  | { readonly kind: 'CERTIFICATE_DELIVERY'; readonly serialNumber: string }
  | { readonly kind: 'REISSUE_REMINDER'; readonly serialNumber: string }
  | { readonly kind: 'RENEWAL_REMINDER' }
  | { readonly kind: 'STICKER_RETURN_REQUEST'; readonly reminderNumber: number }
  | { readonly kind: 'TERMINATION_NOTICE' }
  /** Art. 13: the revision as TermsRevised announced it (the contract's stream does not hold it). */
  | { readonly kind: 'TERMS_CHANGED'; readonly termsVersion: string; readonly effectiveFrom: string; readonly summary: string; readonly documentSha256: string | null };

/** Deadline kind → its payload. */
export interface DeadlinePayloads {
  'notice': NoticePayload;
  'command.MarkPaymentOverdue': { readonly invoiceId: string };
  'nonPayment.graceEnded': { readonly invoiceId: string };
  'nonPayment.cancel': { readonly invoiceId: string };
  'command.IssueInvoice': { readonly invoiceId: string };
  'command.RequestCertificate': { readonly caOrderId: string };
  'command.RecordCertificateDelivered': { readonly serialNumber: string };
  'revocation.send': { readonly initiatedAt: string };
  'revocation.escalate': { readonly initiatedAt: string };
  'command.RequestStickerReturn': Empty;
  'command.ExpireContract': Empty;
  'termination.terminate': Empty;
  'documents.discard': Empty;
  'recontract.replaceOld': { readonly supersededBy: string };
  'personalData.shred': Empty;
  'ca.submitIssuance': { readonly orderId: string };
  'ca.submitRevocation': { readonly caOrderId: string; readonly orderId: string; readonly serialNumber: string };
  'ca.cancelOrder': { readonly orderId: string; readonly reason?: string };
  'ca.revokeLeftovers': Empty;
  'ca.orderUnanswered': { readonly orderId: string };
  /** The CA's answer as `caResultToJson` writes it. */
  'ca.result': { readonly result: JsonRecord };
}

type Empty = { readonly [key: string]: never };

export type DeadlineKind = keyof DeadlinePayloads;
export type PayloadOf<K extends DeadlineKind> = DeadlinePayloads[K];

/** A deadline's action and its payload, one member per kind (`kind` discriminates). */
export type DeadlineAction = { readonly [K in DeadlineKind]: { readonly kind: K } & PayloadField<DeadlinePayloads[K]> }[DeadlineKind];

/** A kind without fields may leave its payload out. */
type PayloadField<P> = Empty extends P ? { readonly payload?: P } : { readonly payload: P };

/** A deadline a reaction asks for. The same (saga, contract, key) is scheduled at most once, ever. */
export type DeadlineSpec = DeadlineAction & {
  /** Unique within the saga and contract, and stable across replays (e.g. `overdue:<invoiceId>`). */
  readonly key: string;
  readonly dueAt: Date;
  /** The contract the action is about, when it is not the event's (re-contract: the superseded one). */
  readonly contractId?: string;
};

