import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@pfw/clock';
import { uploadStreamId, type UploadCommand, type UploadEvent, type UploadState } from '@pfw/domain';
import { commandContext, type CommandMeta } from '../contract/messages';
import { Deciders } from '../runtime/deciders';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { ServiceStateReader } from '../service/service-state.reader';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface UploadCommandResult {
  readonly state: UploadState;
  readonly events: readonly UploadEvent[];
  readonly position: bigint | null;
}

/** Record what became of an upload no application took (Art. 4): its own stream, `upload-<document id>`. */
export class ExecuteUploadCommand extends Command<UploadCommandResult> {
  constructor(
    readonly input: DistributiveOmit<UploadCommand, 'at' | 'actor'>,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

/** Load → decide → append with the expected revision, as for every stream; a retry writes nothing. */
@CommandHandler(ExecuteUploadCommand)
export class UploadCommandHandler implements ICommandHandler<ExecuteUploadCommand, UploadCommandResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly service: ServiceStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly deciders: Deciders,
  ) {}

  async execute({ input, meta }: ExecuteUploadCommand): Promise<UploadCommandResult> {
    const at = this.clock.now();
    const { termsVersion } = await this.service.read(at);
    const command = { ...input, at, actor: meta.actor } as UploadCommand;
    const done = await this.executor.execute(this.deciders.upload, uploadStreamId(input.document.id), command, commandContext(meta, input.type, at, termsVersion));
    return { state: done.state, events: done.events, position: done.position };
  }
}
