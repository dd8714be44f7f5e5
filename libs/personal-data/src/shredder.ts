import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteContractCommand, type CommandMeta } from '@pfw/application';
import { CONTRACT_STREAM_PREFIX, contractIdOfStream, contractStreamId, type Actor } from '@pfw/domain';
import { personalDataScope } from '@pfw/event-serialization';
import { StreamNotFoundError, type EventStore, type Subscription } from '@pfw/event-store';
import { CONTRACTS_PROJECTION_NAME, type ProjectionRegistry } from '@pfw/read-models';
import type { CheckpointResult, SqlDataKeyStore } from './key-store';

/**
 * Something outside the event log that keeps a contract's personal data (the notification outbox, the sent-mail
 * files of the file transport): shredding asks it to erase that contract's part.
 */
export interface PersonalDataHolder {
  readonly name: string;
  /** Erases what it holds of the contract; answers how many items (rows, files) it erased. */
  purgeContract(contractId: string): Promise<number>;
}

export interface ShredOptions {
  /** The request or saga correlation the PersonalDataShredded event joins (default: a fresh id). */
  readonly correlationId?: string;
  /** What caused it, e.g. the saga step or the SubmittedDocumentsDiscarded event (default null). */
  readonly causationId?: string | null;
}

export interface ShredReport {
  readonly contractId: string;
  /** Global position of the PersonalDataShredded event (the one found, when it was already recorded). */
  readonly position: string | null;
  /** False when PersonalDataShredded was already in the stream before this call (a retry). */
  readonly recorded: boolean;
  /** A data key row was deleted now (false on a retry, or for a contract that never had one). */
  readonly keyDeleted: boolean;
  /** Items each holder erased, by holder name. */
  readonly purged: Readonly<Record<string, number>>;
  /** Whether the contracts read model applied the event (its row rewritten without the fields) before the checkpoint. */
  readonly readModelCaughtUp: boolean;
  readonly checkpoint: CheckpointResult;
}

export interface PersonalDataShredderDeps {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly keys: SqlDataKeyStore;
  readonly holders?: readonly PersonalDataHolder[];
  /** Where the contracts read model runs in this process (read-your-writes before the WAL checkpoint). */
  readonly registry?: ProjectionRegistry | null;
  /** How long to wait for the read model (default 10 s). */
  readonly readModelTimeoutMs?: number;
}

/** The idempotency key of the one ShredPersonalData command of a contract: any retry, by anyone, writes nothing new. */
export const shredIdempotencyKey = (contractId: string): string => `personal-data-shredded:${contractId}`;

/**
 * Crypto-shredding of one contract (Art. 4), in this order — each step idempotent, so a retry after a
 * crash anywhere finishes the job:
 *
 * 1. record `PersonalDataShredded` (the ShredPersonalData command: who, when, the scope) — the domain refuses it
 *    unless the application or contract is over;
 * 2. destroy the contract's data key (row deleted, tombstone recorded): every personal field in the log, the
 *    exports and the outbox becomes unreadable;
 * 3. purge the copies outside the log (outbox rows, sent-mail files);
 * 4. wait until the contracts read model rewrote the contract's row without the fields, then checkpoint the
 *    read-model SQLite WAL (TRUNCATE) so no old page with them stays in a file (secure_delete zeroed the rest).
 *
 * The rejection/withdrawal saga calls it after the SCREENING_RESULT notice and SubmittedDocumentsDiscarded.
 */
export class PersonalDataShredder {
  private subscription: Subscription | null = null;
  /** Contracts shredContract is working on in this process: the follower leaves them to it. */
  private readonly inProgress = new Set<string>();
  private following: Promise<void> | null = null;

  constructor(private readonly deps: PersonalDataShredderDeps) {}

  async shredContract(contractId: string, actor: Actor, options: ShredOptions = {}): Promise<ShredReport> {
    this.inProgress.add(contractId);
    try {
      return await this.shred(contractId, actor, options);
    } finally {
      this.inProgress.delete(contractId);
    }
  }

  private async shred(contractId: string, actor: Actor, options: ShredOptions): Promise<ShredReport> {
    const { bus, keys } = this.deps;
    let position = await this.shreddedAt(contractId);
    const recorded = position === null;
    if (position === null) {
      const meta: CommandMeta = {
        actor,
        correlationId: options.correlationId ?? randomUUID(),
        causationId: options.causationId ?? null,
        idempotencyKey: shredIdempotencyKey(contractId),
      };
      const result = await bus.execute(new ExecuteContractCommand({ type: 'ShredPersonalData', contractId, scope: personalDataScope() }, meta));
      position = result.position;
    }
    const destroyed = await keys.destroy(contractId, actor.id);
    const purged: Record<string, number> = {};
    for (const holder of this.deps.holders ?? []) purged[holder.name] = await holder.purgeContract(contractId);
    let readModelCaughtUp = true;
    if (this.deps.registry && position !== null) {
      readModelCaughtUp = await this.deps.registry.waitForPosition(position, this.deps.readModelTimeoutMs ?? 10_000, [CONTRACTS_PROJECTION_NAME]);
    }
    const checkpoint = await keys.checkpoint();
    return {
      contractId,
      position: position === null ? null : position.toString(),
      recorded: recorded && position !== null,
      keyDeleted: destroyed.deleted,
      purged,
      readModelCaughtUp,
      checkpoint,
    };
  }

  /** The position of the contract's PersonalDataShredded event, if it was recorded. */
  private async shreddedAt(contractId: string): Promise<bigint | null> {
    try {
      const events = await this.deps.store.readStream(contractStreamId(contractId));
      const shredded = events.find((e) => e.type === 'PersonalDataShredded');
      return shredded ? shredded.position : null;
    } catch (err) {
      // An unknown contract: let the command answer NOT_FOUND.
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
  }

  /**
   * Follows the log from its head: whenever `PersonalDataShredded` is recorded — by `shredContract`, or by anyone
   * who sent the ShredPersonalData command alone (a saga without this service) — the contract's key is destroyed
   * and its copies purged, if that was not done yet. With `reconcile()` at start, no recorded shredding stays
   * unfinished. `onError` gets what a step could not do (it is retried at the next start).
   */
  async follow(onError: (contractId: string, err: unknown) => void): Promise<void> {
    if (this.subscription) return;
    const head = await this.deps.store.headPosition();
    const sub = this.deps.store.subscribeToAll({ fromPosition: head ?? 'start', filter: { eventTypes: ['PersonalDataShredded'], streamPrefixes: [CONTRACT_STREAM_PREFIX] } });
    this.subscription = sub;
    this.following = (async () => {
      for await (const m of sub) {
        if (m.kind !== 'event') continue;
        const contractId = contractIdOfStream(m.event.streamId);
        if (!contractId) continue;
        try {
          await this.finish(contractId, m.event.position, 'system:personal-data');
        } catch (err) {
          onError(contractId, err);
        }
      }
    })().catch(() => undefined);
  }

  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.following;
    this.following = null;
  }

  /** Steps 2–4 for a contract whose PersonalDataShredded is recorded, unless its key is already destroyed. */
  private async finish(contractId: string, position: bigint | null, actorId: string): Promise<boolean> {
    if (this.inProgress.has(contractId) || (await this.deps.keys.isDestroyed(contractId))) return false;
    await this.deps.keys.destroy(contractId, actorId);
    for (const holder of this.deps.holders ?? []) await holder.purgeContract(contractId);
    if (this.deps.registry && position !== null) {
      await this.deps.registry.waitForPosition(position, this.deps.readModelTimeoutMs ?? 10_000, [CONTRACTS_PROJECTION_NAME]);
    }
    await this.deps.keys.checkpoint();
    return true;
  }

  /**
   * Finishes shredding that was recorded but not completed (a crash between the event and the key's
   * destruction): every contract with PersonalDataShredded in the log gets its key destroyed. Run at start.
   */
  async reconcile(actorId = 'system:personal-data'): Promise<string[]> {
    const done: string[] = [];
    for await (const e of this.deps.store.readAll({ filter: { eventTypes: ['PersonalDataShredded'], streamPrefixes: [CONTRACT_STREAM_PREFIX] } })) {
      const contractId = contractIdOfStream(e.streamId);
      if (!contractId) continue;
      if (await this.finish(contractId, null, actorId)) done.push(contractId);
    }
    return done;
  }
}
