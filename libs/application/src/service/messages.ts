import { Command } from '@nestjs/cqrs';
import type { ServiceCommand, ServiceEvent, ServiceState } from '@pfw/domain';
import type { CommandMeta } from '../contract/messages';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface ServiceCommandResult {
  readonly state: ServiceState;
  readonly events: readonly ServiceEvent[];
  readonly position: bigint | null;
  readonly replayed: boolean;
}

/** Suspend or resume the service (Art. 6), revise the terms (Art. 13). */
export class ExecuteServiceCommand extends Command<ServiceCommandResult> {
  constructor(
    readonly input: DistributiveOmit<ServiceCommand, 'at' | 'actor'>,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
