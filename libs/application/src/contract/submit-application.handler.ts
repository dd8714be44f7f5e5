import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@pfw/clock';
import {
  contractStreamId,
  isContract,
  LinkedContractFacts,
  InvalidInput, NotFound,
  parseApplication,
  parseCsr,
  SubmitApplication,
} from '@pfw/domain';
import { DOCUMENT_CATALOG, DocumentCatalog } from '../ports';
import { withAttachedDocuments } from './attach-documents';
import { Deciders } from '../runtime/deciders';
import { deterministicId } from '../runtime/event-ids';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { ServiceStateReader } from '../service/service-state.reader';
import { ContractCommandResult, SubmitApplicationCommand } from './messages';

/**
 * A new application opens a new contract stream. Its values are parsed here, once, before anything is read or
 * written (parseApplication, then the CSR); the decider gets them typed and decides only the rules. The contract id comes from the clientMutationId when there
 * is one, so a retried submission finds its first contract instead of creating a second.
 */
@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand, ContractCommandResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly service: ServiceStateReader,
    @Inject(DOCUMENT_CATALOG) private readonly documents: DocumentCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly deciders: Deciders,
  ) {}

  async execute({ input, meta }: SubmitApplicationCommand): Promise<ContractCommandResult> {
    const at = this.clock.now();
    const contractId = meta.idempotencyKey ? deterministicId('contract', meta.idempotencyKey) : randomUUID();
    const application = parseApplication(input);
    if (!application.ok) throw application.error;
    const csr = await parseCsr(input.csrPem, 'csrPem');
    if (!csr.ok) throw csr.error;
    const [service, renewalOf, supersedes] = await Promise.all([
      this.service.read(at),
      this.linked(input.renewalOf, 'renewalOf'),
      this.linked(input.supersedes, 'supersedes'),
    ]);
    const fields = [
      { ids: input.documentIds ?? [], field: 'documentIds' },
      ...(input.transferConsentDocumentId ? [{ ids: [input.transferConsentDocumentId], field: 'transferConsentDocumentId' }] : []),
    ];
    const done = await withAttachedDocuments(this.documents, contractId, fields, ([documents, consent]) => {
      const command: SubmitApplication = {
        type: 'SubmitApplication',
        contractId,
        actor: meta.actor,
        at,
        ...application.value,
        csr: csr.value,
        documents: documents!,
        termsVersionInForce: service.termsVersion,
        renewalOf,
        supersedes,
        transferConsentDocument: consent?.[0] ?? null,
      };
      return this.executor.execute(this.deciders.contract, contractStreamId(contractId), command, {
        actor: meta.actor,
        commandName: 'SubmitApplication',
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        idempotencyKey: meta.idempotencyKey,
        at,
        termsVersion: service.termsVersion,
      });
    });
    if (!isContract(done.state)) throw new Error(`contract ${contractId} has no state after SubmitApplication`);
    return { contractId, contract: done.state, events: done.events, position: done.position, revision: done.revision, at, replayed: done.replayed };
  }

  /** The holder facts of a contract this application renews or supersedes (Art. 8, 9, 11). */
  private async linked(contractId: string | null | undefined, field: string): Promise<LinkedContractFacts | null> {
    if (!contractId) return null;
    const { state } = await this.executor.load(this.deciders.contract, contractStreamId(contractId));
    if (!isContract(state)) throw new NotFound('contract', contractId);
    // A crypto-shredded contract's holder (name, corporate number) reads as null: it cannot be compared (Art. 9).
    if (state.personalDataShredded || (state.applicant.organizationName as string | null) === null) {
      throw new InvalidInput(field, `contract ${contractId}: its holder’s details were destroyed (Art. 4), so it cannot be renewed or superseded`);
    }
    return {
      contractId,
      organizationName: state.applicant.organizationName,
      corporateNumber: state.applicant.corporateNumber,
    };
  }
}
