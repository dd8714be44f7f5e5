import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteContractCommand, type CommandMeta } from '@pfw/application';
import { contractStreamId, type Actor } from '@pfw/domain';
import { personalDataScope } from '@pfw/event-serialization';
import { StreamNotFoundError, type EventStore } from '@pfw/event-store';
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
 * Crypto-shredding of one contract (Art. 4, issue 8), in this order — each step idempotent, so a retry after a
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
  constructor(private readonly deps: PersonalDataShredderDeps) {}

  async shredContract(contractId: string, actor: Actor, options: ShredOptions = {}): Promise<ShredReport> {
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
   * Finishes shredding that was recorded but not completed (a crash between the event and the key's
   * destruction): every contract with PersonalDataShredded in the log gets its key destroyed. Run at start.
   */
  async reconcile(actorId = 'system:personal-data'): Promise<string[]> {
    const done: string[] = [];
    for await (const e of this.deps.store.readAll({ filter: { eventTypes: ['PersonalDataShredded'], streamPrefixes: ['contract-'] } })) {
      const contractId = e.streamId.slice('contract-'.length);
      if (await this.deps.keys.isDestroyed(contractId)) continue;
      await this.deps.keys.destroy(contractId, actorId);
      for (const holder of this.deps.holders ?? []) await holder.purgeContract(contractId);
      done.push(contractId);
    }
    if (done.length > 0) await this.deps.keys.checkpoint();
    return done;
  }
}
