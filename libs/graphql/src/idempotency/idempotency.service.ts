import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { apiError } from '../errors/api-error';
import { inputDigest, toPlainJson } from './digest';
import { IDEMPOTENCY_TABLE, migrateIdempotencyStore, type IdempotencyKeyRow, type IdempotencyTables } from './migrations';

export interface IdempotencyOptions {
  /** Wall clock for the bookkeeping times (default: real time). */
  readonly now?: () => Date;
  /** How long a call waits for a concurrent first call with the same key to answer (default 30 s). */
  readonly waitTimeoutMs?: number;
  /** How often it looks, when that first call runs in another process (default 50 ms). */
  readonly pollIntervalMs?: number;
  /**
   * A first call that has neither answered nor failed after this long is presumed dead (its process crashed)
   * and its key may be taken over by a retry (default 5 minutes).
   */
  readonly leaseMs?: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol.for('pfw.IdempotencyOptions');

/** Longest clientMutationId accepted (a UUID is 36 characters). */
export const MAX_CLIENT_MUTATION_ID_LENGTH = 200;

const FIELD = 'input.clientMutationId';

type Db = Kysely<IdempotencyTables>;

/**
 * API.md "Mutations": "Every input has an optional clientMutationId: the same value sent again returns the first
 * answer and writes nothing; the same value with a different input → IDEMPOTENCY_CONFLICT."
 *
 * Keys and first answers are rows of `idempotency_keys` in the read-model database (SQLite or PostgreSQL, one
 * Kysely code path). A key is claimed by inserting its row before the mutation runs, so of two concurrent
 * first calls exactly one executes; the other waits for its answer (in this process: on its promise; in
 * another: by polling the row). A call that fails releases its claim, so a refused mutation can be retried
 * with the same key. Answers are saved as JSON and every caller, the first included, gets the JSON form back,
 * so a retry's answer is exactly the first one.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly waitTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  /** First calls running in this process, by key: settle when their answer is saved or their claim released. */
  private readonly running = new Map<string, Promise<void>>();
  private migrated: Promise<void> | null = null;

  constructor(@Inject(READ_MODEL_DB) db: ReadModelDb | Kysely<any>, @Optional() @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions | null = null) {
    this.db = (db as Kysely<any>).withTables<IdempotencyTables>() as unknown as Db;
    this.now = options?.now ?? (() => new Date());
    this.waitTimeoutMs = options?.waitTimeoutMs ?? 30_000;
    this.pollIntervalMs = options?.pollIntervalMs ?? 50;
    this.leaseMs = options?.leaseMs ?? 5 * 60_000;
  }

  /** Creates the table at start (migrations of its own; see migrations.ts), so a broken database fails the start. */
  async onModuleInit(): Promise<void> {
    await this.ready();
  }

  ready(): Promise<void> {
    this.migrated ??= migrateIdempotencyStore(this.db).then(
      () => undefined,
      (err: unknown) => {
        this.migrated = null;
        throw err;
      },
    );
    return this.migrated;
  }

  /**
   * Runs a mutation at most once per clientMutationId:
   * - no key: just `execute()`;
   * - a key seen before with the same operation, caller and input digest: the saved answer (execute is not called);
   * - a key seen before with another input, operation or caller: IDEMPOTENCY_CONFLICT on `input.clientMutationId`;
   * - a new key: `execute()`, save its answer, return it. If execute throws, nothing is saved and the error
   *   propagates (a retry with the same key runs again).
   *
   * The input's top-level `clientMutationId`, if present, is not part of the digest. The answer must be
   * JSON-serializable (bigints become decimal strings); what is returned is its JSON form.
   */
  async run<Answer>(
    operation: string,
    clientMutationId: string | null | undefined,
    input: unknown,
    principalId: string,
    execute: () => Promise<Answer>,
  ): Promise<Answer> {
    if (clientMutationId === null || clientMutationId === undefined) return execute();
    if (typeof clientMutationId !== 'string' || clientMutationId.length === 0 || clientMutationId.length > MAX_CLIENT_MUTATION_ID_LENGTH) {
      throw apiError('BAD_USER_INPUT', `${FIELD}: must be 1 to ${MAX_CLIENT_MUTATION_ID_LENGTH} characters`, { field: FIELD });
    }
    let digest: string;
    try {
      digest = inputDigest(input);
    } catch (err) {
      throw apiError('BAD_USER_INPUT', `input: ${err instanceof Error ? err.message : 'not JSON'}`, { field: 'input' });
    }
    await this.ready();
    const key = clientMutationId;
    const deadline = Date.now() + this.waitTimeoutMs;

    for (;;) {
      const token = randomUUID();
      if (await this.claim(key, operation, principalId, digest, token)) return this.executeClaimed(key, token, execute);

      const row = await this.db.selectFrom(IDEMPOTENCY_TABLE).selectAll().where('client_mutation_id', '=', key).executeTakeFirst();
      if (!row) continue; // the first call failed and released the key just now: claim it
      this.assertSameRequest(row, operation, principalId, digest);
      if (row.completed_at !== null) return this.parseAnswer<Answer>(row.answer);

      if (this.isStale(row) && (await this.takeOver(row, token))) return this.executeClaimed(key, token, execute);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw apiError('CONCURRENCY_CONFLICT', 'a request with this clientMutationId is still being processed; retry shortly', {
          field: FIELD,
          retryable: true,
        });
      }
      const local = this.running.get(key);
      await (local ?? sleep(Math.min(this.pollIntervalMs, remaining)));
    }
  }

  /** Deletes completed keys first seen before `before` (retention); returns how many. */
  async purgeCompletedBefore(before: Date): Promise<number> {
    await this.ready();
    const result = await this.db
      .deleteFrom(IDEMPOTENCY_TABLE)
      .where('created_at', '<', before.toISOString())
      .where('completed_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Inserts the key's row as a running claim; false when the key already has a row. */
  private async claim(key: string, operation: string, principalId: string, digest: string, token: string): Promise<boolean> {
    const at = this.now().toISOString();
    const result = await this.db
      .insertInto(IDEMPOTENCY_TABLE)
      .values({
        client_mutation_id: key,
        operation,
        principal_id: principalId,
        input_digest: digest,
        answer: null,
        created_at: at,
        completed_at: null,
        claim_token: token,
        claimed_at: at,
      })
      .onConflict((oc) => oc.column('client_mutation_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Takes over a claim whose holder is presumed dead; false when someone else changed the row first. */
  private async takeOver(row: IdempotencyKeyRow, token: string): Promise<boolean> {
    let query = this.db
      .updateTable(IDEMPOTENCY_TABLE)
      .set({ claim_token: token, claimed_at: this.now().toISOString() })
      .where('client_mutation_id', '=', row.client_mutation_id)
      .where('completed_at', 'is', null);
    query = row.claim_token === null ? query.where('claim_token', 'is', null) : query.where('claim_token', '=', row.claim_token);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async executeClaimed<Answer>(key: string, token: string, execute: () => Promise<Answer>): Promise<Answer> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.running.set(key, settled);
    try {
      let answer: Answer;
      try {
        answer = await execute();
      } catch (err) {
        await this.release(key, token).catch(() => undefined);
        throw err;
      }
      const json = JSON.stringify(toPlainJson(answer, 'answer') ?? null);
      try {
        await this.db
          .updateTable(IDEMPOTENCY_TABLE)
          .set({ answer: json, completed_at: this.now().toISOString(), claim_token: null })
          .where('client_mutation_id', '=', key)
          .where('claim_token', '=', token)
          .execute();
      } catch (err) {
        await this.release(key, token).catch(() => undefined);
        throw err;
      }
      return JSON.parse(json) as Answer;
    } finally {
      if (this.running.get(key) === settled) this.running.delete(key);
      settle();
    }
  }

  /** Gives the key back after a failed first call: nothing was answered, so a retry must run again. */
  private async release(key: string, token: string): Promise<void> {
    await this.db
      .deleteFrom(IDEMPOTENCY_TABLE)
      .where('client_mutation_id', '=', key)
      .where('claim_token', '=', token)
      .where('completed_at', 'is', null)
      .execute();
  }

  private assertSameRequest(row: IdempotencyKeyRow, operation: string, principalId: string, digest: string): void {
    const conflict = (message: string) => apiError('IDEMPOTENCY_CONFLICT', message, { field: FIELD });
    if (row.operation !== operation) throw conflict(`this clientMutationId was already used for another operation (${row.operation})`);
    // The first answer belongs to whoever asked first: another staff member reusing the value gets no replay of it.
    if (row.principal_id !== principalId) throw conflict('this clientMutationId was already used by another caller');
    if (row.input_digest !== digest) throw conflict('this clientMutationId was already used with a different input');
  }

  private isStale(row: IdempotencyKeyRow): boolean {
    const since = row.claimed_at ?? row.created_at;
    return this.now().getTime() - new Date(since).getTime() > this.leaseMs;
  }

  private parseAnswer<Answer>(answer: string | null): Answer {
    return (answer === null ? null : JSON.parse(answer)) as Answer;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
}
