import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PROCESS_OPERATIONS, type ProcessOperations } from '@pfw/application';
import { CLOCK, type Clock } from '@pfw/clock';
import { CONTRACT_EVENT_TYPES, CONTRACT_STREAM_PREFIX, contractIdOfStream, contractStreamId } from '@pfw/domain';
import type { LogFilter, RecordedEvent } from '@pfw/event-store';
import { CONTRACTS_PROJECTION_NAME, ContractQueries, EventLogReader, ProjectionRegistry, type ContractView } from '@pfw/read-models';
import type { LiveItem } from './bounded';
import { SharedFeed } from './shared-feed';

/** API.md "Live updates": the work lists `workListChanged` reports. */
export const WORK_LISTS = [
  'SCREENING_QUEUE',
  'OVERDUE_INVOICES',
  'STICKERS_TO_SHIP',
  'OUTSTANDING_STICKERS',
  'PENDING_REVOCATIONS',
  'REISSUES_DUE',
  'DELIVERIES_PENDING',
  'STUCK_PROCESSES',
] as const;
export type WorkListName = (typeof WORK_LISTS)[number];

export interface WorkListChangeValue {
  readonly list: WorkListName;
  readonly contractId: string;
  readonly entered: boolean;
  readonly position: string;
}

export interface AuditFeedFilter {
  readonly streamId?: string | null;
  readonly eventTypes?: readonly string[] | null;
}

export interface LiveFeedTuning {
  /** How often a list that time or the sagas change (not only events) is read again (default 5 s). */
  readonly timeListPollMs?: number;
}

export const LIVE_FEED_TUNING = Symbol.for('pfw.LiveFeedTuning');

const CONTRACT_TYPES: ReadonlySet<string> = new Set<string>(CONTRACT_EVENT_TYPES);
/** Lists whose membership moves with the clock or with saga failures, not only with events of the log. */
const TIME_LISTS: ReadonlySet<WorkListName> = new Set<WorkListName>(['REISSUES_DUE', 'DELIVERIES_PENDING', 'STUCK_PROCESSES']);
const TICK = Symbol('tick');

/**
 * The sources of the GraphQL subscriptions, fed from the log and the read-model database, never from an
 * in-process bus: each follows the log from a position through the read side's EventLogReader (catch-up,
 * then live, with the store's no-gap, no-duplicate hand-over) and, for what the read model shows, waits with
 * the projection's one waitForPosition (PositionWaiters: this process's commits at once, the stored checkpoint
 * otherwise) before reading it — so every api replica's subscribers see every change, whichever process ran
 * the projection. Every feed ends when its signal aborts.
 */
@Injectable()
export class LiveFeeds implements OnModuleDestroy {
  private readonly timeListPollMs: number;
  /** Aborted when the app closes: every feed ends then, even one whose client never answers the close. */
  private readonly lifetime = new AbortController();
  /** One feed per work list, however many subscribe to it. */
  private readonly workListFeeds = new Map<WorkListName, SharedFeed<LiveItem<WorkListChangeValue>>>();

  constructor(
    private readonly log: EventLogReader,
    private readonly projections: ProjectionRegistry,
    private readonly queries: ContractQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_OPERATIONS) private readonly processes: ProcessOperations,
    @Inject(LIVE_FEED_TUNING) tuning: LiveFeedTuning,
  ) {
    this.timeListPollMs = tuning.timeListPollMs ?? 5000;
  }

  onModuleDestroy(): void {
    this.lifetime.abort();
  }

  /** The subscriber's signal, also aborted when the app closes. */
  private untilClosed(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.lifetime.signal]);
  }

  /**
   * The contract (one, or every contract without `id`) as the read model shows it after each change from
   * `after` on (exclusive; default: the head of the log now). A state is emitted once, at the event that made
   * it: when the projection had already applied later events of the contract by the time an event is read,
   * that event's state is gone and the later event reports the newer one.
   */
  async *contractUpdates(options: { readonly id?: string | null; readonly after?: bigint | null }, signal: AbortSignal): AsyncGenerator<LiveItem<ContractView>> {
    signal = this.untilClosed(signal);
    const stream = options.id ? contractStreamId(options.id) : null;
    for await (const { event, live } of this.follow(await this.start(options.after), { streamPrefixes: [stream ?? CONTRACT_STREAM_PREFIX] }, signal)) {
      const contractId = contractIdOfStream(event.streamId);
      if (contractId === null || (stream !== null && event.streamId !== stream) || !CONTRACT_TYPES.has(event.type)) continue;
      if (!(await this.committed(event.position, signal))) return;
      const view = await this.queries.byId(contractId);
      if (view === null || view.position !== event.position.toString()) continue;
      yield { value: view, live };
    }
  }

  /**
   * Each contract entering or leaving `list` from now on: the list as the read model shows it is read once,
   * then again after every contract event the projection committed (and, for lists that move with time or
   * with the sagas, every `timeListPollMs`); each difference is one change, at the position that caused it.
   *
   * The log is followed and the list read once per change for all the list's subscribers of this process
   * (SharedFeed), not once per subscriber; a subscriber receives the changes from when it joined.
   */
  workListChanges(list: WorkListName, signal: AbortSignal): AsyncGenerator<LiveItem<WorkListChangeValue>> {
    let feed = this.workListFeeds.get(list);
    if (!feed) {
      feed = new SharedFeed((shared) => this.followWorkList(list, shared));
      this.workListFeeds.set(list, feed);
    }
    return feed.subscribe(this.untilClosed(signal));
  }

  private async *followWorkList(list: WorkListName, signal: AbortSignal): AsyncGenerator<LiveItem<WorkListChangeValue>> {
    const from = await this.projections.committedPosition(CONTRACTS_PROJECTION_NAME);
    let members = await this.members(list);
    const ticking = TIME_LISTS.has(list);
    const messages = this.follow(from ?? 'start', { streamPrefixes: [CONTRACT_STREAM_PREFIX] }, signal)[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<{ event: RecordedEvent; live: boolean }>> | null = null;
    let tick: Promise<typeof TICK> | null = null;
    let live = false;
    try {
      while (!signal.aborted) {
        pending ??= messages.next();
        if (ticking) tick ??= sleep(this.timeListPollMs, signal).then(() => TICK);
        const next = tick ? await Promise.race([pending, tick]) : await pending;
        let position: string;
        if (next === TICK) {
          tick = null;
          position = ((await this.projections.committedPosition(CONTRACTS_PROJECTION_NAME)) ?? 0n).toString();
        } else {
          pending = null;
          if (next.done) return;
          live = next.value.live;
          const { event } = next.value;
          if (!CONTRACT_TYPES.has(event.type)) continue;
          if (!(await this.committed(event.position, signal))) return;
          position = event.position.toString();
        }
        const now = await this.members(list);
        for (const contractId of now) if (!members.has(contractId)) yield { value: { list, contractId, entered: true, position }, live };
        for (const contractId of members) if (!now.has(contractId)) yield { value: { list, contractId, entered: false, position }, live };
        members = now;
      }
    } finally {
      pending?.catch(() => undefined);
      await messages.return?.(undefined);
    }
  }

  /** Every event of the log from `after` on (exclusive; default: the head now) that matches the filter's stream and types. */
  async *auditAppends(options: { readonly filter?: AuditFeedFilter | null; readonly after?: bigint | null }, signal: AbortSignal): AsyncGenerator<LiveItem<RecordedEvent>> {
    signal = this.untilClosed(signal);
    const { streamId, eventTypes } = options.filter ?? {};
    const filter: LogFilter = {
      ...(streamId ? { streamPrefixes: [streamId] } : {}),
      ...(eventTypes?.length ? { eventTypes } : {}),
    };
    for await (const { event, live } of this.follow(await this.start(options.after), filter, signal)) {
      if (streamId && event.streamId !== streamId) continue;
      yield { value: event, live };
    }
  }

  /** The ids a work list holds now, as the read model answers it. */
  async members(list: WorkListName): Promise<Set<string>> {
    const ids = (views: readonly ContractView[]) => new Set(views.map((v) => v.id));
    const now = this.clock.now();
    switch (list) {
      case 'SCREENING_QUEUE':
        return ids(await this.queries.screeningQueue());
      case 'OVERDUE_INVOICES':
        return ids(await this.queries.overdueInvoices());
      case 'STICKERS_TO_SHIP':
        return ids(await this.queries.stickersToShip());
      case 'OUTSTANDING_STICKERS':
        return ids(await this.queries.outstandingStickers());
      case 'PENDING_REVOCATIONS':
        return ids((await this.queries.pendingRevocations(now)).map((p) => p.contract));
      case 'REISSUES_DUE':
        return ids(await this.queries.reissuesDue(now));
      case 'DELIVERIES_PENDING':
        return ids(await this.queries.deliveriesPending(now));
      case 'STUCK_PROCESSES':
        return new Set((await this.processes.stuckProcesses()).flatMap((p) => (p.contractId ? [p.contractId] : [])));
    }
  }

  private async start(after: bigint | null | undefined): Promise<bigint | 'start'> {
    if (after !== null && after !== undefined) return after;
    return (await this.log.head()) ?? 'start';
  }

  /** Whether the contracts projection has committed `position` (false: the signal aborted first). */
  private committed(position: bigint, signal: AbortSignal): Promise<boolean> {
    return this.projections.waitForPosition(position, Infinity, [CONTRACTS_PROJECTION_NAME], signal);
  }

  private follow(from: bigint | 'start', filter: LogFilter, signal: AbortSignal): AsyncGenerator<{ event: RecordedEvent; live: boolean }> {
    return this.log.follow(from, filter, signal);
  }
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
