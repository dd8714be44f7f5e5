import { NotFound, RuleViolation } from '../errors';
import { DEFAULT_POLICY, type DomainPolicy } from '../policy/domain-policy';
import type { Decider } from '../decider';
import { refuse, type Decision } from '../result';
import type { ContractCommand } from './commands';
import type { ContractEvent } from './events';
import { evolveContract } from './evolve';
import { initialContractState, isContract, type Contract, type ContractState } from './state';
import { attachDocuments, discardSubmittedDocuments, failScreening, passScreening, requestAdditionalDocuments, shredPersonalData, submitApplication, withdrawApplication } from './rules/application';
import { issueInvoice, markPaymentOverdue, recordPayment } from './rules/billing';
import { recordCertificateDelivered, recordCertificateIssued, requestCertificate, requestReissue } from './rules/certificate';
import { isValidInstant, invalid } from './rules/common';
import { cancelContract, expireContract, noticeTermination, terminateContract } from './rules/ending';
import { assessCompensation, notifyCustomer } from './rules/notification';
import { initiateRevocation, recordCertificateRevoked, recordRevocationOutcome, recordRevocationRejected, reportTrustImpaired, sendRevocationRequest } from './rules/revocation';
import { lendSticker, recordStickerReturned, requestStickerReturn } from './rules/sticker';

export type ContractDecider = Decider<ContractCommand, ContractState, ContractEvent>;

/** The contract decider bound to a policy (fee schedule, lifetime caps, grace period …). */
export function contractDecider(policy: DomainPolicy = DEFAULT_POLICY): ContractDecider {
  return { initialState: initialContractState, decide: (command, state) => decideContract(command, state, policy), evolve: evolveContract };
}

/**
 * decide(command, state) → events | error, for the contract stream. Pure: no I/O, no clock, no randomness
 * (time, ids and outside facts come in the command). A refusal writes nothing.
 */
export function decideContract(command: ContractCommand, state: ContractState, policy: DomainPolicy = DEFAULT_POLICY): Decision<ContractEvent> {
  if (command == null || typeof command !== 'object') return invalid('command', 'is required');
  if (!isValidInstant(command.at)) return invalid('at', 'the command needs the instant it is decided at');
  if (command.actor == null || typeof command.actor.id !== 'string' || command.actor.id === '') return invalid('actor', 'the actor is required');
  if (command.type === 'SubmitApplication') {
    if (isContract(state)) {
      return refuse(new RuleViolation('Art. 8', `contract ${state.id} already exists: a change or an extension is a new application with a new contract id`));
    }
    return submitApplication(command, policy);
  }
  if (!isContract(state)) return refuse(new NotFound('contract', command.contractId));
  if (command.contractId !== state.id) return invalid('contractId', `the stream holds contract ${state.id}, not ${command.contractId}`);
  return decideExisting(command, state, policy);
}

function decideExisting(command: Exclude<ContractCommand, { type: 'SubmitApplication' }>, c: Contract, policy: DomainPolicy): Decision<ContractEvent> {
  switch (command.type) {
    case 'RequestAdditionalDocuments': return requestAdditionalDocuments(command, c, policy);
    case 'AttachDocuments': return attachDocuments(command, c, policy);
    case 'WithdrawApplication': return withdrawApplication(command, c, policy);
    case 'PassScreening': return passScreening(command, c, policy);
    case 'FailScreening': return failScreening(command, c, policy);
    case 'DiscardSubmittedDocuments': return discardSubmittedDocuments(command, c, policy);
    case 'NotifyCustomer': return notifyCustomer(command, c, policy);
    case 'IssueInvoice': return issueInvoice(command, c, policy);
    case 'RecordPayment': return recordPayment(command, c, policy);
    case 'MarkPaymentOverdue': return markPaymentOverdue(command, c, policy);
    case 'RequestCertificate': return requestCertificate(command, c, policy);
    case 'RecordCertificateIssued': return recordCertificateIssued(command, c, policy);
    case 'RecordCertificateDelivered': return recordCertificateDelivered(command, c, policy);
    case 'RequestReissue': return requestReissue(command, c, policy);
    case 'CancelContract': return cancelContract(command, c, policy);
    case 'LendSticker': return lendSticker(command, c, policy);
    case 'RequestStickerReturn': return requestStickerReturn(command, c, policy);
    case 'RecordStickerReturned': return recordStickerReturned(command, c, policy);
    case 'ReportTrustImpaired': return reportTrustImpaired(command, c, policy);
    case 'InitiateRevocation': return initiateRevocation(command, c, policy);
    case 'SendRevocationRequest': return sendRevocationRequest(command, c, policy);
    case 'RecordCertificateRevoked': return recordCertificateRevoked(command, c, policy);
    case 'RecordRevocationRejected': return recordRevocationRejected(command, c, policy);
    case 'RecordRevocationOutcome': return recordRevocationOutcome(command, c, policy);
    case 'ExpireContract': return expireContract(command, c, policy);
    case 'NoticeTermination': return noticeTermination(command, c, policy);
    case 'TerminateContract': return terminateContract(command, c, policy);
    case 'AssessCompensation': return assessCompensation(command, c, policy);
    case 'ShredPersonalData': return shredPersonalData(command, c, policy);
    default: {
      const unknown: never = command;
      return invalid('type', `unknown command ${(unknown as { type: string }).type}`);
    }
  }
}
