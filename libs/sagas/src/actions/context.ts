import type { CommandBus } from '@nestjs/cqrs';
import {
  CommandMeta, ContractCommandInput, ContractCommandResult, Deciders, ExecuteContractCommand, ServiceStateReader,
  StreamCommandExecutor,
} from '@pfw/application';
import type { CaGateway } from '@pfw/ca-gateway';
import type { Clock } from '@pfw/clock';
import { contractStreamId, isContract, type Contract, type DomainPolicy } from '@pfw/domain';
import type { NotificationOutbox } from '@pfw/notifications';
import type { DocumentDestroyer, PersonalDataShredding } from '../ports';
import type { DeadlineKind, PayloadOf } from '../runtime/deadlines';
import type { DeadlineRow, SagaStore } from '../runtime/store';

/**
 * What a saga step's action may do. Every outside effect is idempotent on something derived from the
 * deadline's id: commands carry its idempotency key, CA orders and notices have deterministic ids.
 */
export interface ActionServices {
  readonly bus: CommandBus;
  readonly executor: StreamCommandExecutor;
  /** The command side's deciders (ApplicationModule): loads share the executor's cache with the handlers. */
  readonly deciders: Deciders;
  readonly serviceState: ServiceStateReader;
  readonly policy: DomainPolicy;
  readonly clock: Clock;
  readonly store: SagaStore;
  readonly ca: CaGateway | null;
  readonly outbox: NotificationOutbox | null;
  readonly documents: DocumentDestroyer | null;
  /** Where a lent sticker goes back to (printed in STICKER_RETURN_REQUEST notices), if configured. */
  readonly stickerReturnAddress: readonly string[] | null;
  /** Where customers read the terms of service (printed in TERMS_CHANGED notices), if configured. */
  readonly termsUrl?: string | null;
  /** Crypto-shredding, when the app provides it; else the rejection saga sends the command alone. */
  readonly personalData?: PersonalDataShredding | null;
}

export interface ActionContext<K extends DeadlineKind = DeadlineKind> {
  readonly deadline: DeadlineRow;
  /** The payload the saga scheduled with this kind. */
  readonly payload: PayloadOf<K>;
  readonly now: Date;
  /** Actor `saga:<name>` (role SYSTEM), the trigger's correlation, the deadline's idempotency key. */
  readonly meta: CommandMeta;
  readonly services: ActionServices;
}

/**
 * - `done`: the step happened (`note` for the record);
 * - `skipped`: nothing was left to do (the world moved on: paid, ended, already done) — recorded as done;
 * - `deferred`: a CA-bound step while the service is suspended (Art. 6): stays pending, runs on resume;
 * - `wait`: not yet (e.g. another revocation is in progress): stays pending until `until`.
 */
export type ActionOutcome =
  | { readonly status: 'done'; readonly note?: string }
  | { readonly status: 'skipped'; readonly note: string }
  | { readonly status: 'deferred'; readonly note: string }
  | { readonly status: 'wait'; readonly until: Date; readonly note: string };

export interface ActionDefinition<K extends DeadlineKind = DeadlineKind> {
  readonly kind: K;
  /** Talks to the CA whatever the contract's state: deferred without running while the service is suspended. */
  readonly caBound: boolean;
  run(ctx: ActionContext<K>): Promise<ActionOutcome>;
}

export const done = (note?: string): ActionOutcome => ({ status: 'done', ...(note ? { note } : {}) });
export const skipped = (note: string): ActionOutcome => ({ status: 'skipped', note });
export const deferred = (note = 'the service is suspended (Art. 6): waits until it resumes'): ActionOutcome => ({ status: 'deferred', note });

export async function loadContract(services: ActionServices, contractId: string): Promise<Contract | null> {
  const { state } = await services.executor.load(services.deciders.contract, contractStreamId(contractId));
  return isContract(state) ? state : null;
}

export async function requireContract(ctx: ActionContext, contractId = ctx.deadline.contractId): Promise<Contract> {
  const c = await loadContract(ctx.services, contractId);
  if (!c) throw new Error(`contract ${contractId} has no events`);
  return c;
}

/** Sends a contract command as the saga, idempotent on the deadline. */
export function command(ctx: ActionContext, input: ContractCommandInput, meta: Partial<CommandMeta> = {}): Promise<ContractCommandResult> {
  return ctx.services.bus.execute(new ExecuteContractCommand(input, { ...ctx.meta, ...meta }));
}

/** Art. 6, before a request goes to the CA: what the service stream says now, not a command's cached view. */
export async function serviceSuspended(ctx: ActionContext): Promise<boolean> {
  return (await ctx.services.serviceState.readLatest(ctx.now)).suspended;
}
