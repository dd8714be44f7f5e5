import { Command } from '@nestjs/cqrs';
import type { Actor, ApplicationInput, Contract, ContractCommand, ContractEvent, DeliveryMethod } from '@pfw/domain';

/** Who sends a command and in answer to what: becomes the events' envelope. */
export interface CommandMeta {
  readonly actor: Actor;
  /** Shared by everything one request caused (a request id, or the saga's triggering correlation). */
  readonly correlationId: string;
  /** The event or request that caused this command; null for a person's first act. */
  readonly causationId: string | null;
  /** The API's clientMutationId or a saga step's id: the same key again writes nothing new. */
  readonly idempotencyKey?: string | null;
}

/** The envelope facts of a command decided at `at` under the terms in force: what every handler hands the executor. */
export function commandContext(meta: CommandMeta, commandName: string, at: Date, termsVersion: string | null) {
  return {
    actor: meta.actor,
    commandName,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    idempotencyKey: meta.idempotencyKey,
    at,
    termsVersion,
  };
}

/** What a contract command answers. */
export interface ContractCommandResult {
  readonly contractId: string;
  readonly contract: Contract;
  readonly events: readonly ContractEvent[];
  /** Global position of the last event written (or found, on a retry); null when nothing had to be written. */
  readonly position: bigint | null;
  /** The revision of the contract stream's last event (the one at `position` when this command wrote). */
  readonly revision: number | 'no_stream';
  /** The instant the command was decided at: the `occurredAt` of the events it wrote (not of a retry's). */
  readonly at: Date;
  readonly replayed: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Fields the handler fills in: the instant (Clock), the actor (meta), the service state (Art. 6). */
type Filled = 'at' | 'actor' | 'serviceSuspended';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Input<T extends ContractCommand['type']> = DistributiveOmit<Extract<ContractCommand, { type: T }>, Filled>;

/**
 * A command on an existing contract, as callers (resolvers, sagas) give it. Facts the stream already holds
 * may be left out and are taken from it: the open invoice of a payment, the customer a termination notice
 * goes to, the CA order id of a reissue or a trust report (`caOrderId`); a reissue carries its CSR as PEM (parsed
 * by the handler), attached documents their ids.
 */
export type ContractCommandInput =
  | DistributiveOmit<
      Exclude<ContractCommand, { type: 'SubmitApplication' | 'RequestReissue' | 'ReportTrustImpaired' | 'RecordPayment' | 'MarkPaymentOverdue' | 'NoticeTermination' | 'AttachDocuments' }>,
      Filled
    >
  | Optional<Input<'RecordPayment'>, 'invoiceId'>
  | Optional<Input<'MarkPaymentOverdue'>, 'invoiceId'>
  | Optional<Input<'NoticeTermination'>, 'recipient'>
  | Optional<Input<'ReportTrustImpaired'>, 'caOrderId'>
  | (Omit<Input<'RequestReissue'>, 'csr' | 'caOrderId'> & { readonly csrPem: string; readonly caOrderId?: string })
  | (Omit<Input<'AttachDocuments'>, 'documents'> & { readonly documentIds: readonly string[] });

/** Any command on an existing contract stream. */
export class ExecuteContractCommand extends Command<ContractCommandResult> {
  constructor(
    readonly input: ContractCommandInput,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

/** A new application as the API gives it: the values `parseApplication` parses, and what the handler looks up. */
export interface SubmitApplicationInput extends ApplicationInput {
  readonly certificateDeliveryMethod?: DeliveryMethod | null;
  readonly csrPem: string;
  readonly documentIds: readonly string[];
  readonly renewalOf?: string | null;
  readonly supersedes?: string | null;
  readonly transferConsentDocumentId?: string | null;
}

/** A new application: a new contract stream (Art. 1, 4). */
export class SubmitApplicationCommand extends Command<ContractCommandResult> {
  constructor(
    readonly input: SubmitApplicationInput,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
