import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@pfw/clock';
import { contractStreamId, ContractCommand, ContractState, isContract, NotificationChannel, parseCsr } from '@pfw/domain';
import { DOCUMENT_CATALOG, DocumentCatalog } from '../ports';
import { withAttachedDocuments } from './attach-documents';
import { Deciders } from '../runtime/deciders';
import { caOrderId } from '../runtime/event-ids';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { ServiceStateReader } from '../service/service-state.reader';
import { commandContext, ContractCommandResult, ExecuteContractCommand } from './messages';

/**
 * Every command on an existing contract: fills in the instant, the actor and the service state (Art. 6,
 * Art. 13), parses a reissue's CSR, then load → decide → append. The rules themselves are in libs/domain.
 */
@CommandHandler(ExecuteContractCommand)
export class ContractCommandHandler implements ICommandHandler<ExecuteContractCommand, ContractCommandResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly service: ServiceStateReader,
    @Inject(DOCUMENT_CATALOG) private readonly documents: DocumentCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly deciders: Deciders,
  ) {}

  async execute({ input, meta }: ExecuteContractCommand): Promise<ContractCommandResult> {
    const at = this.clock.now();
    const service = await this.service.read(at);
    const filled = { at, actor: meta.actor, serviceSuspended: service.suspended };
    const run = (command: ContractCommand | ((state: ContractState) => ContractCommand)) =>
      this.executor.execute(
        this.deciders.contract,
        contractStreamId(input.contractId),
        command,
        commandContext(meta, input.type, at, service.termsVersion),
        { mustExist: { entity: 'contract', id: input.contractId } },
      );
    let done;
    if (input.type === 'RequestReissue') {
      const csr = await parseCsr(input.csrPem, 'csrPem');
      if (!csr.ok) throw csr.error;
      const { csrPem: _pem, ...rest } = input;
      done = await run({ ...rest, csr: csr.value, caOrderId: input.caOrderId ?? caOrderId(input.contractId, meta.idempotencyKey ?? csr.value.sha256), ...filled });
    } else if (input.type === 'ReportTrustImpaired') {
      done = await run({ ...input, caOrderId: input.caOrderId ?? caOrderId(input.contractId, meta.idempotencyKey ?? randomUUID()), ...filled });
    } else if (input.type === 'AttachDocuments') {
      const { documentIds, ...rest } = input;
      done = await withAttachedDocuments(this.documents, input.contractId, [{ ids: documentIds, field: 'documentIds' }], ([documents]) =>
        run({ ...rest, documents: documents!, ...filled }),
      );
    } else if (input.type === 'RecordPayment' || input.type === 'MarkPaymentOverdue') {
      done = await run((state) => ({ ...input, invoiceId: input.invoiceId ?? openInvoiceId(state), ...filled }));
    } else if (input.type === 'NoticeTermination') {
      done = await run((state) => ({ ...input, recipient: input.recipient ?? noticeRecipient(state, input.channel), ...filled }));
    } else {
      done = await run({ ...input, ...filled } as ContractCommand);
    }
    if (!isContract(done.state)) throw new Error(`contract ${input.contractId} has no state after ${input.type}`);
    return { contractId: input.contractId, contract: done.state, events: done.events, position: done.position, revision: done.revision, at, replayed: done.replayed };
  }
}

/** The invoice a payment settles: the contract's (the decider refuses when there is none). */
function openInvoiceId(state: ContractState): string {
  return isContract(state) && state.invoice ? state.invoice.invoiceId : '';
}

/** Where a termination notice goes (Art. 14): the contact's e-mail, or the postal address for a paper notice. */
function noticeRecipient(state: ContractState, channel: NotificationChannel): string {
  if (!isContract(state)) return '';
  if (channel === 'EMAIL') return state.applicant.contact.email;
  const a = state.applicant.address;
  return `〒${a.postalCode} ${a.prefecture}${a.city}${a.street}`;
}
