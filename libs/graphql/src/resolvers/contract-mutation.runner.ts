import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { ContractCommandResult, StreamCommandExecutor } from '@pfw/application';
import { CLOCK, Clock } from '@pfw/clock';
import type { Actor } from '@pfw/domain';
import { EventSerializer } from '@pfw/event-serialization';
import { CommandMetrics } from '@pfw/observability';
import {
  CONTRACTS_PROJECTION_NAME, ContractQueries, ContractView, contractViewAfterCommand, contractViewFromLog, EventLogReader, ProjectionRegistry,
} from '@pfw/read-models';
import type { Command } from '@nestjs/cqrs';
import { apiError } from '../errors/api-error';
import { IdempotencyService } from '../idempotency';
import { presentContract } from '../presenters/contract.presenter';
import type { ContractPayload } from '../schema/payloads';
import { READ_YOUR_WRITES_TIMEOUT_MS, ReadYourWrites } from './read-your-writes';
import { commandMeta } from './request-meta';
import type { CommandMeta } from '@pfw/application';

/** What the idempotency store keeps of a contract mutation: no personal data, only where to look. */
interface SavedContractAnswer {
  readonly contractId: string;
  readonly position: string | null;
}

/**
 * The one path of every contract mutation: idempotency (clientMutationId) → CommandBus → answer the contract as
 * the read model will show it at the command's position: folded from the command's own result (the one fold of a
 * contract, contractViewAfterCommand), without waiting for the projection. Read-your-writes holds through
 * ReadYourWrites: this process's later reads wait until the read model shows that position. A retried
 * clientMutationId, a command that wrote nothing, and a shredded contract answer from the read model instead,
 * once it has applied the write.
 */
@Injectable()
export class ContractMutationRunner {
  constructor(
    private readonly bus: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly queries: ContractQueries,
    private readonly registry: ProjectionRegistry,
    private readonly serializer: EventSerializer,
    private readonly log: EventLogReader,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: CommandMetrics,
  ) {}

  async run(
    operation: string,
    input: { readonly clientMutationId?: string | null },
    actor: Actor,
    req: Request | undefined,
    command: (meta: CommandMeta) => Command<ContractCommandResult>,
  ): Promise<ContractPayload> {
    const { clientMutationId, ...rest } = input;
    let fresh: ContractView | null = null;
    const saved = await measured(this.metrics, operation, () =>
      this.idempotency.run<SavedContractAnswer>(operation, clientMutationId, rest, actor.id, async () => {
        const result = await this.bus.execute(command(commandMeta(req, actor, operation, clientMutationId)));
        fresh = viewOfResult(result);
        return { contractId: result.contractId, position: result.position === null ? null : result.position.toString() };
      }),
    );
    let view: ContractView;
    if (fresh) {
      view = fresh;
      this.readYourWrites.answered(BigInt(view.position));
    } else {
      view = await this.readAfter(saved.contractId, saved.position);
    }
    return {
      contract: presentContract(view, this.clock.now()),
      position: saved.position ?? view.position,
      clientMutationId: clientMutationId ?? null,
    };
  }

  /**
   * The contract once the read model has applied `position`. Past the bounded wait the answer still comes:
   * folded from the contract's own events, which is what the read model will show.
   */
  async readAfter(contractId: string, position: string | null): Promise<ContractView> {
    if (position !== null) {
      await this.registry.waitForPosition(BigInt(position), READ_YOUR_WRITES_TIMEOUT_MS, [CONTRACTS_PROJECTION_NAME]);
    }
    const view = await this.queries.byId(contractId);
    if (view && (position === null || BigInt(view.position) >= BigInt(position))) return view;
    const folded = await contractViewFromLog(this.log, this.serializer, contractId);
    if (!folded) throw apiError('NOT_FOUND', `contract ${contractId} not found`);
    return folded;
  }

}

/** The view at the command's own position, when its result tells it whole (see ContractMutationRunner). */
function viewOfResult(result: ContractCommandResult): ContractView | null {
  if (result.replayed || result.position === null || result.revision === 'no_stream' || result.contract.personalDataShredded) return null;
  return contractViewAfterCommand(result.contract, { revision: result.revision, position: result.position, occurredAt: result.at });
}

/** Counts the outcome of a mutation (ok, refused, conflict, error) when metrics are configured. */
export function measured<T>(metrics: CommandMetrics | undefined, operation: string, run: () => Promise<T>): Promise<T> {
  return metrics ? metrics.measure(operation, run) : run();
}
