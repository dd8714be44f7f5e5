import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, ObjectType, registerEnumType, Resolver, Subscription } from '@nestjs/graphql';
import { CLOCK, type Clock } from '@pfw/clock';
import { EventSerializer } from '@pfw/event-serialization';
import { apiError } from '../errors/api-error';
import { presentAuditEvent } from '../presenters/audit-event.presenter';
import { presentContract, type PresentedContract } from '../presenters/contract.presenter';
import { AuditEvent, AuditLogFilter } from '../schema/audit.types';
import { Contract } from '../schema/contract.types';
import { bounded, endingOnReturn, SlowSubscriberError, type LiveItem } from './bounded';
import { LIVE_FEED_TUNING, LiveFeeds, WORK_LISTS, type LiveFeedTuning, type WorkListName } from './live-feeds';
import { WS_CLOSE, type WsApiContext } from './ws-server';

export const WorkListEnum = Object.fromEntries(WORK_LISTS.map((v) => [v, v])) as { [K in WorkListName]: K };
registerEnumType(WorkListEnum, { name: 'WorkList', description: 'The work lists staff act on (the queries of the same names).' });

@ObjectType({ description: 'A contract entered or left a work list.' })
export class WorkListChange {
  @Field(() => WorkListEnum) list: WorkListName;
  @Field(() => ID) contractId: string;
  @Field({ description: 'true: entered the list; false: left it.' }) entered: boolean;
  @Field({ description: 'Log position of the change (decimal).' }) position: string;
}

/** Most updates one subscription may have waiting to be sent before its connection is closed (default 1000). */
export const DEFAULT_SUBSCRIBER_BUFFER = 1000;

function afterPosition(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,30}$/.test(after)) throw apiError('BAD_USER_INPUT', 'after: a log position (decimal digits)', { field: 'after' });
  return BigInt(after);
}

/**
 * API.md "Live updates" over graphql-ws: each subscription catches up from `after` (or starts at the head of the
 * log) and then follows it live, fed by LiveFeeds. Roles: SUBSCRIPTION_ROLES (the guard, and the 4403 close).
 */
@Resolver()
export class SubscriptionsResolver {
  private readonly buffer: number;

  constructor(
    private readonly feeds: LiveFeeds,
    private readonly serializer: EventSerializer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIVE_FEED_TUNING) tuning: LiveFeedTuning & { readonly subscriberBuffer?: number },
  ) {
    this.buffer = tuning.subscriberBuffer ?? DEFAULT_SUBSCRIBER_BUFFER;
  }

  @Subscription(() => Contract, {
    description: 'The contract as the read model shows it after each change (one, or every contract without id), from `after` on.',
    resolve: (value: PresentedContract) => value,
  })
  contractUpdated(
    @Args('id', { type: () => ID, nullable: true }) id: string | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: WsApiContext,
  ): AsyncGenerator<PresentedContract> {
    const from = afterPosition(after);
    return this.live(ctx, (signal) => this.feeds.contractUpdates({ id, after: from }, signal), async (view) => presentContract(view, this.clock.now()));
  }

  @Subscription(() => WorkListChange, {
    description: 'A contract entering or leaving the work list, from now on.',
    resolve: (value: WorkListChange) => value,
  })
  workListChanged(@Args('list', { type: () => WorkListEnum }) list: WorkListName, @Context() ctx: WsApiContext): AsyncGenerator<WorkListChange> {
    return this.live(ctx, (signal) => this.feeds.workListChanges(list, signal), async (change) => change);
  }

  @Subscription(() => AuditEvent, {
    description: 'Each event of the log as it is appended (matching the filter), from `after` on.',
    resolve: (value: AuditEvent) => value,
  })
  auditAppended(
    @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter: AuditLogFilter | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: WsApiContext,
  ): AsyncGenerator<AuditEvent> {
    const from = afterPosition(after);
    const fromMs = filter?.from?.getTime() ?? -Infinity;
    const toMs = filter?.to?.getTime() ?? Infinity;
    return this.live(
      ctx,
      (signal) => this.feeds.auditAppends({ filter, after: from }, signal),
      async (recorded) => {
        const event = await presentAuditEvent(this.serializer, recorded);
        const at = event.occurredAt.getTime();
        if (at < fromMs || at > toMs || (filter?.actorId && event.actor.id !== filter.actorId)) return null;
        return event;
      },
    );
  }

  /**
   * A feed through the subscriber's bounded buffer; a subscriber too slow for it has its connection closed. It
   * ends as soon as graphql-ws returns it (the client unsubscribed or left, or the server is closing).
   */
  private live<T, R>(ctx: WsApiContext, open: (signal: AbortSignal) => AsyncIterable<LiveItem<T>>, present: (value: T) => Promise<R | null>): AsyncGenerator<R> {
    return endingOnReturn((signal) => this.presented(ctx, open, present, signal));
  }

  private async *presented<T, R>(
    ctx: WsApiContext,
    open: (signal: AbortSignal) => AsyncIterable<LiveItem<T>>,
    present: (value: T) => Promise<R | null>,
    signal: AbortSignal,
  ): AsyncGenerator<R> {
    try {
      for await (const value of bounded(open, this.buffer, signal)) {
        const presented = await present(value);
        if (presented !== null) yield presented;
      }
    } catch (err) {
      if (!(err instanceof SlowSubscriberError)) throw err;
      ctx.connection?.close(WS_CLOSE.TOO_SLOW, err.message);
    }
  }
}
