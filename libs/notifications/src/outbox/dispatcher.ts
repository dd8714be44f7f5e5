import { randomUUID } from 'node:crypto';
import { SystemClock, type Clock } from '@pfw/clock';
import { describeError, SILENT_LOGGER, type StructuredLogger } from '@pfw/logging';
import type { NotificationChannel, NotificationKind } from '../kinds';
import { toSendFailure } from '../transport/mail-options';
import type { NotificationTransport, SendFailure, SendResult } from '../transport/port';
import { backoffDelay, retryPolicy, type RetryPolicy } from './backoff';
import { openEnvelope, type NoticeEnvelope } from './envelope';
import { IDENTITY_PROTECTOR, type PayloadProtector } from './protector';
import type { OutboxNoticeStatus, OutboxRow, OutboxStage, OutboxStore } from './store';

/** What `onAccepted` gets: enough to record `CustomerNotified` (kind, channel, recipient, sentAt). */
export interface AcceptedNotice {
  /** Deterministic notice id: use it (or derive from it) as the command id, so recording twice writes once. */
  readonly id: string;
  readonly contractId: string;
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly causationId: string;
  readonly recipient: string;
  readonly termsVersion: string | null;
  readonly enqueuedAt: Date;
}

export interface DeliveryReceipt {
  readonly messageId: string;
  /** When the transport accepted (the dispatcher's clock). */
  readonly sentAt: Date;
  readonly transport: string;
  readonly response: string | null;
}


export interface OutboxDispatcherOptions {
  readonly store: OutboxStore;
  readonly transport: NotificationTransport;
  /** Protectors that may have sealed stored rows, found by id; default the identity protector. */
  readonly protectors?: readonly PayloadProtector[];
  readonly clock?: Clock;
  /**
   * Called once the transport accepted a notice; the application records `CustomerNotified` here. If it
   * throws, the notice is not sent again: the call alone is retried with backoff (then STUCK, stage
   * `record`). A crash between acceptance and this call repeats the call, so it must be idempotent on
   * `notice.id`.
   */
  readonly onAccepted?: (notice: AcceptedNotice, receipt: DeliveryReceipt) => void | Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  /** Rows claimed per pass; default 20. */
  readonly batchSize?: number;
  /** How long a claim keeps other dispatchers off a row; default 5 min (longer than any SMTP timeout). */
  readonly leaseMs?: number;
  /**
   * The clock claims are measured on (default `clock`). A simulated clock stands still, so a claim measured on it
   * would never run out after its dispatcher died: give real time then.
   */
  readonly leaseClock?: Clock;
  readonly logger?: StructuredLogger;
}

export interface DispatchReport {
  /** Accepted by the transport in this pass. */
  readonly sent: number;
  /** `onAccepted` succeeded in this pass. */
  readonly recorded: number;
  /** Failures that will be retried. */
  readonly failed: number;
  /** Notices that became STUCK in this pass. */
  readonly stuck: number;
}

/** A stuck notice as staff see it (no personal data). */
export type StuckNotice = OutboxNoticeStatus & { readonly status: 'STUCK' };

function describeFailure(f: SendFailure): string {
  const code = f.responseCode !== null ? `${f.code} ${f.responseCode}` : f.code;
  return `${code}${f.command ? ` (${f.command})` : ''}: ${f.message}`;
}

/** Masks the recipient's address out of an error before it is stored or logged. */
function mask(text: string, recipient: string | null): string {
  if (!recipient) return text;
  const escaped = recipient.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), '<recipient>');
}

/**
 * Sends what the outbox holds: at-least-once delivery (a crash after the transport accepted and before
 * the row says so sends again, with the same Message-ID), exactly-once recording (`onAccepted` is
 * retried, never skipped; the application makes it idempotent on the notice id). Failures back off
 * exponentially (capped); after `maxAttempts` a notice is STUCK until `retry(id)`. Nothing is dropped.
 */
export class OutboxDispatcher {
  readonly #store: OutboxStore;
  readonly #transport: NotificationTransport;
  readonly #protectors: ReadonlyMap<string, PayloadProtector>;
  readonly #clock: Clock;
  readonly #onAccepted: OutboxDispatcherOptions['onAccepted'];
  readonly #policy: RetryPolicy;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #leaseClock: Clock | null;
  readonly #log: StructuredLogger;
  #pass: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #running = false;

  constructor(options: OutboxDispatcherOptions) {
    this.#store = options.store;
    this.#transport = options.transport;
    this.#protectors = new Map((options.protectors ?? [IDENTITY_PROTECTOR]).map((p) => [p.id, p]));
    this.#clock = options.clock ?? new SystemClock();
    this.#onAccepted = options.onAccepted;
    this.#policy = retryPolicy(options.retry);
    this.#batchSize = options.batchSize ?? 20;
    this.#leaseMs = options.leaseMs ?? 5 * 60 * 1000;
    this.#leaseClock = options.leaseClock ?? null;
    this.#log = options.logger ?? SILENT_LOGGER;
  }

  get policy(): RetryPolicy {
    return this.#policy;
  }

  /**
   * One pass: claims the due notices and works through them (send, then record). Passes never overlap
   * within one dispatcher; several dispatchers on one store share the work through claims.
   */
  dispatchDue(): Promise<DispatchReport> {
    const next = this.#pass.then(() => this.#runPass());
    this.#pass = next.catch(() => undefined);
    return next;
  }

  /** Repeats passes until nothing is due now (e.g. after `advanceClock`); bounded by `maxPasses`. */
  async drain(maxPasses = 100): Promise<DispatchReport> {
    const total = { sent: 0, recorded: 0, failed: 0, stuck: 0 };
    for (let i = 0; i < maxPasses; i++) {
      const r = await this.dispatchDue();
      total.sent += r.sent;
      total.recorded += r.recorded;
      total.failed += r.failed;
      total.stuck += r.stuck;
      const due = await this.#store.nextDueAt(this.#leaseClock === null);
      if (!due || due.getTime() > this.#clock.now().getTime() || r.sent + r.recorded + r.failed + r.stuck === 0) break;
    }
    return total;
  }

  /** Polls every `intervalMs` (real time) until `stop()`. */
  start(intervalMs = 1000): void {
    if (this.#running) return;
    this.#running = true;
    const tick = (): void => {
      this.dispatchDue()
        .catch((error) => this.#log.error({ err: describeError(error) }, 'notification dispatch pass failed'))
        .finally(() => {
          if (this.#running) {
            this.#timer = setTimeout(tick, intervalMs);
            this.#timer.unref();
          }
        });
    };
    tick();
  }

  /** Stops polling and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#pass;
  }

  async stuck(): Promise<StuckNotice[]> {
    return (await this.#store.listStuck()) as StuckNotice[];
  }

  /** Puts a STUCK notice back to the stage it stuck in, due now. False when it is not stuck. */
  async retry(id: string): Promise<boolean> {
    const ok = await this.#store.retry(id, this.#clock.now());
    if (ok) this.#log.info({ noticeId: id }, 'stuck notice put back for retry');
    return ok;
  }

  /** When the next notice falls due on the notices' clock (a claim on another clock is not a time on it). */
  nextDueAt(): Promise<Date | null> {
    return Promise.resolve(this.#store.nextDueAt(this.#leaseClock === null));
  }

  async #runPass(): Promise<DispatchReport> {
    const now = this.#clock.now();
    const leaseNow = this.#leaseClock?.now() ?? now;
    const token = randomUUID();
    const rows = await this.#store.claimDue(now, this.#batchSize, new Date(leaseNow.getTime() + this.#leaseMs), token, leaseNow);
    const report = { sent: 0, recorded: 0, failed: 0, stuck: 0 };
    for (const row of rows) {
      try {
        await this.#process(row, token, report);
      } catch (error) {
        // The store itself failed: leave the claim to expire, so the row is picked up again later.
        this.#log.error({ noticeId: row.id, err: describeError(error) }, 'outbox store failed while dispatching');
      }
    }
    return report;
  }

  async #process(row: OutboxRow, token: string, report: { sent: number; recorded: number; failed: number; stuck: number }): Promise<void> {
    let envelope: NoticeEnvelope | null = null;
    try {
      envelope = await openEnvelope(row, this.#protectors);
    } catch (error) {
      await this.#fail(row, token, row.status === 'ACCEPTED' ? 'record' : 'send', describeError(error), null, report);
      return;
    }

    let receipt: DeliveryReceipt;
    if (row.status === 'PENDING') {
      let result: SendResult;
      try {
        result = await this.#transport.send({ ...envelope.message, date: this.#clock.now(), contractId: row.contractId });
      } catch (error) {
        const f = toSendFailure(error);
        result = { accepted: false, messageId: envelope.message.messageId, acceptedRecipients: [], rejectedRecipients: [], response: null, error: f };
      }
      if (!result.accepted) {
        const f = result.error ?? { code: 'ESEND', message: 'not accepted', responseCode: null, permanent: false, command: null };
        await this.#fail(row, token, 'send', describeFailure(f), envelope.recipient, report);
        return;
      }
      receipt = { messageId: result.messageId, sentAt: this.#clock.now(), transport: this.#transport.name, response: result.response };
      if (!(await this.#store.markAccepted(row.id, token, receipt))) {
        this.#log.warn({ noticeId: row.id }, 'notice sent but its claim was lost; another dispatcher owns it now');
        return;
      }
      report.sent += 1;
      this.#log.info({ noticeId: row.id, kind: row.kind, contractId: row.contractId, messageId: receipt.messageId }, 'notice accepted by transport');
    } else {
      receipt = {
        messageId: row.messageId ?? envelope.message.messageId,
        sentAt: row.sentAt ?? this.#clock.now(),
        transport: row.transport ?? this.#transport.name,
        response: row.response,
      };
    }

    if (this.#onAccepted) {
      const notice: AcceptedNotice = {
        id: row.id,
        contractId: row.contractId,
        kind: row.kind,
        channel: row.channel,
        causationId: row.causationId,
        recipient: envelope.recipient,
        termsVersion: envelope.termsVersion,
        enqueuedAt: row.enqueuedAt,
      };
      try {
        await this.#onAccepted(notice, receipt);
      } catch (error) {
        await this.#fail({ ...row, status: 'ACCEPTED' }, token, 'record', describeError(error), envelope.recipient, report);
        return;
      }
    }
    if (await this.#store.markRecorded(row.id, token, this.#clock.now())) report.recorded += 1;
  }

  async #fail(
    row: OutboxRow,
    token: string,
    stage: OutboxStage,
    message: string,
    recipient: string | null,
    report: { failed: number; stuck: number },
  ): Promise<void> {
    const at = this.#clock.now();
    const attempts = (stage === 'send' ? row.attempts : row.recordAttempts) + 1;
    const stuck = attempts >= this.#policy.maxAttempts;
    const error = mask(message, recipient).slice(0, 2000);
    const nextAttemptAt = stuck ? null : new Date(at.getTime() + backoffDelay(this.#policy, attempts));
    await this.#store.markFailed(row.id, token, { stage, error, at, attempts, nextAttemptAt });
    if (stuck) {
      report.stuck += 1;
      this.#log.error({ noticeId: row.id, kind: row.kind, contractId: row.contractId, stage, attempts, error }, 'notice stuck');
    } else {
      report.failed += 1;
      this.#log.warn({ noticeId: row.id, kind: row.kind, contractId: row.contractId, stage, attempts, nextAttemptAt, error }, 'notice failed; will retry');
    }
  }
}
