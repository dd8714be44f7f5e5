import type { CaGateway, CaResult } from '@pfw/ca-gateway';
import type { Clock } from '@pfw/clock';
import { CA_RESULT, caResultToJson } from '../actions/ca-actions';
import { describeError, SILENT_LOGGER, type StructuredLogger } from '@pfw/logging';
import { deadlineId } from '../runtime/saga';
import type { SagaStore } from '../runtime/store';

export interface CaResultWorkerOptions {
  readonly ca: CaGateway;
  readonly store: SagaStore;
  readonly clock: Clock;
  readonly logger?: StructuredLogger;
  /** Called after a result became a deadline (the poller is woken). */
  readonly onResult?: () => void;
  /** Backoff after the feed failed (default 1 s … 30 s). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
}

/** The saga whose steps record the result: the one that submitted the order. */
function sagaFor(orderKind: string | null): string {
  return orderKind === 'ISSUANCE' ? 'issuance' : 'revocation';
}

/**
 * Turns the CA's answers into saga steps: each result becomes a `ca.result` deadline (id derived from the
 * tracking id, so seeing a result twice stores it once), then the result is acknowledged at the CA. The
 * poller records it as the contract's command with that deadline's idempotency key. A crash between the
 * insert and the acknowledgement shows the result again, and inserting it again changes nothing.
 */
export class CaResultWorker {
  private readonly logger: StructuredLogger;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** Orders still pending after a full wait in `settle`: later settles only look, without waiting. */
  private readonly gaveUpOn = new Set<string>();

  constructor(private readonly options: CaResultWorkerOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  start(): void {
    if (this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
    this.abort = null;
  }

  /** Stores one result as a deadline (idempotent) and acknowledges it. True when it was new. */
  async accept(result: CaResult): Promise<boolean> {
    const { store, clock, ca } = this.options;
    const order = await store.getCaOrder(result.orderId);
    const contractId = order?.contractId ?? 'unknown';
    const saga = sagaFor(order?.kind ?? null);
    const now = clock.now();
    const inserted = await store.insertStandalone(
      {
        id: deadlineId(saga, contractId, `ca-result:${result.trackingId}`),
        saga,
        contractId,
        kind: CA_RESULT,
        dueAt: now,
        payload: { result: caResultToJson(result) },
        triggerEventId: null,
        triggerPosition: 0n,
        step: 0,
        correlationId: order?.correlationId ?? `ca:${result.trackingId}`,
        causationId: `ca:${result.trackingId}`,
      },
      now,
    );
    if (order) await store.setCaOrderState(result.orderId, 'completed', now);
    await ca.acknowledge(result.trackingId);
    if (inserted) this.options.onResult?.();
    return inserted;
  }

  /**
   * Asks the CA for the orders still open and stores the answers that are there, waiting up to `timeoutMs`
   * for pending ones (the local CA answers within moments; a remote CA may take longer: they are left for the
   * background feed). Returns how many new results were stored.
   */
  async settle(timeoutMs: number): Promise<number> {
    const { store, ca, clock } = this.options;
    const deadline = Date.now() + timeoutMs;
    let stored = 0;
    for (;;) {
      const open = (await store.openCaOrders()).filter((o) => o.trackingId !== null);
      if (open.length === 0) return stored;
      const statuses = await ca.pollStatus(open.map((o) => o.trackingId!));
      let pending = 0;
      for (let i = 0; i < open.length; i++) {
        const status = statuses[i]!;
        if (status.state === 'COMPLETED') {
          if (await this.accept(status.result)) stored += 1;
        } else if (status.state === 'CANCELLED') {
          await store.setCaOrderState(open[i]!.orderId, 'cancelled', clock.now());
        } else if (status.state === 'UNKNOWN') {
          await store.setCaOrderState(open[i]!.orderId, 'unknown', clock.now());
        } else {
          pending += 1;
        }
      }
      const waitingFor = open.filter((o, i) => statuses[i]!.state === 'PENDING' && !this.gaveUpOn.has(o.orderId));
      if (pending === 0 || waitingFor.length === 0) return stored;
      if (Date.now() >= deadline) {
        // A CA that takes longer (a remote one, or one told to hold its orders): not waited for again here.
        for (const o of waitingFor) this.gaveUpOn.add(o.orderId);
        return stored;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let attempts = 0;
    const initial = this.options.retry?.initialDelayMs ?? 1000;
    const max = this.options.retry?.maxDelayMs ?? 30_000;
    while (!signal.aborted) {
      try {
        for await (const result of this.options.ca.results({ signal })) {
          await this.accept(result);
          attempts = 0;
          if (signal.aborted) break;
        }
      } catch (err) {
        if (signal.aborted) break;
        attempts += 1;
        const delay = Math.min(initial * 2 ** (attempts - 1), max);
        this.logger.error({ err: describeError(err), attempts, retryInMs: delay }, 'CA result feed failed');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          }, { once: true });
        });
        continue;
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, initial));
    }
  }
}
