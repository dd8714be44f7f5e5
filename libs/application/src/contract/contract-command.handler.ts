import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@pfw/clock';
import { contractStreamId, ContractCommand, DomainPolicy, isContract, parseCsr } from '@pfw/domain';
import { DOMAIN_POLICY } from '../ports';
import { contractDeciderFor } from '../runtime/deciders';
import { deterministicId } from '../runtime/event-ids';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { ServiceStateReader } from '../service/service-state.reader';
import { ContractCommandResult, ExecuteContractCommand } from './messages';

/**
 * Every command on an existing contract: fills in the instant, the actor and the service state (Art. 6,
 * Art. 13), parses a reissue's CSR, then load → decide → append. The rules themselves are in libs/domain.
 */
@CommandHandler(ExecuteContractCommand)
export class ContractCommandHandler implements ICommandHandler<ExecuteContractCommand, ContractCommandResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly service: ServiceStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOMAIN_POLICY) private readonly policy: DomainPolicy,
  ) {}

  async execute({ input, meta }: ExecuteContractCommand): Promise<ContractCommandResult> {
    const at = this.clock.now();
    const service = await this.service.read(at);
    let command: ContractCommand;
    if (input.type === 'RequestReissue') {
      const csr = await parseCsr(input.csrPem, 'csrPem');
      if (!csr.ok) throw csr.error;
      const { csrPem: _pem, ...rest } = input;
      const caOrderId = input.caOrderId ?? deterministicId('ca-order', input.contractId, meta.idempotencyKey ?? csr.value.sha256);
      command = { ...rest, csr: csr.value, caOrderId, at, actor: meta.actor, serviceSuspended: service.suspended };
    } else {
      command = { ...input, at, actor: meta.actor, serviceSuspended: service.suspended } as ContractCommand;
    }
    const done = await this.executor.execute(
      contractDeciderFor(this.policy),
      contractStreamId(input.contractId),
      command,
      {
        actor: meta.actor,
        commandName: input.type,
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        idempotencyKey: meta.idempotencyKey,
        at,
        termsVersion: service.termsVersion,
      },
      { mustExist: { entity: 'contract', id: input.contractId } },
    );
    if (!isContract(done.state)) throw new Error(`contract ${input.contractId} has no state after ${input.type}`);
    return { contractId: input.contractId, contract: done.state, events: done.events, position: done.position, replayed: done.replayed };
  }
}
