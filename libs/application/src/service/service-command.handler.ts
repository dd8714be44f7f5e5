import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@pfw/clock';
import { SERVICE_STREAM_ID, ServiceCommand } from '@pfw/domain';
import { Deciders } from '../runtime/deciders';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { ExecuteServiceCommand, ServiceCommandResult } from './messages';
import { commandContext } from '../contract/messages';
import { ServiceStateReader } from './service-state.reader';

/** Suspension and resumption (Art. 6), revisions of the terms (Art. 13): the `service` stream. */
@CommandHandler(ExecuteServiceCommand)
export class ServiceCommandHandler implements ICommandHandler<ExecuteServiceCommand, ServiceCommandResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly service: ServiceStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly deciders: Deciders,
  ) {}

  async execute({ input, meta }: ExecuteServiceCommand): Promise<ServiceCommandResult> {
    const at = this.clock.now();
    const { termsVersion } = await this.service.read(at);
    const command = { ...input, at, actor: meta.actor } as ServiceCommand;
    const done = await this.executor.execute(this.deciders.service, SERVICE_STREAM_ID, command, commandContext(meta, input.type, at, termsVersion));
    this.service.observe(done.state, done.revision);
    return { state: done.state, events: done.events, position: done.position, replayed: done.replayed };
  }
}
