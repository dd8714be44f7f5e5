import { SystemClock, type Clock } from '@pfw/clock';
import { NoticeModelError, NoticeRejectedError } from '../errors';
import type { NotificationChannel } from '../kinds';
import type { NoticeModel } from '../model';
import { renderNotice, type RenderOptions } from '../templates/render';
import { DEFAULT_SENDER, senderDomain, type MailAddress } from '../transport/port';
import { encodeEnvelope, type NoticeEnvelope } from './envelope';
import { noticeId } from './notice-id';
import { IDENTITY_PROTECTOR, type PayloadProtector } from './protector';
import type { OutboxNoticeStatus, OutboxStore, PreparedNotice, PurgeReport } from './store';

/** A notice a saga (or handler) wants sent. */
export interface NoticeRequest {
  readonly notice: NoticeModel;
  /** The event (or deadline) that caused it; part of the notice id. */
  readonly causationId: string;
  readonly recipient: {
    readonly email: string;
    /** Display name; default the contract's contact name. */
    readonly name?: string;
  };
  /** Only EMAIL goes through the outbox; DOCUMENT (paper) notices are recorded by staff. Default EMAIL. */
  readonly channel?: NotificationChannel;
  /** Only when one cause yields several notices of the same kind for the same contract. */
  readonly key?: string | null;
}

export interface NotificationOutboxOptions {
  readonly store: OutboxStore;
  /** Seals the rendered message at rest (with the per-contract key when personal-data protection is configured; identity otherwise). */
  readonly protector?: PayloadProtector;
  readonly clock?: Clock;
  /** Sender (From); default `Passport for Web <no-reply@localhost>`. */
  readonly from?: string;
  /** Right-hand side of Message-IDs; default the sender's domain. */
  readonly messageIdDomain?: string;
  readonly render?: RenderOptions;
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * The enqueue side of the outbox: renders a notice (Japanese and English), seals it and stores it under
 * its deterministic id. Enqueueing the same notice again is a no-op (the first one stands).
 *
 * For a saga that wants its state and the notice in one transaction: `prepare` (async: render, seal)
 * first, then `store.insert(prepared, now)` inside the transaction (synchronous on SQLite).
 */
export class NotificationOutbox {
  readonly store: OutboxStore;
  readonly #protector: PayloadProtector;
  readonly #clock: Clock;
  readonly #from: string;
  readonly #domain: string;
  readonly #render: RenderOptions;

  constructor(options: NotificationOutboxOptions) {
    this.store = options.store;
    this.#protector = options.protector ?? IDENTITY_PROTECTOR;
    this.#clock = options.clock ?? new SystemClock();
    this.#from = options.from ?? DEFAULT_SENDER;
    this.#domain = options.messageIdDomain ?? senderDomain(this.#from);
    this.#render = options.render ?? {};
  }

  idFor(request: NoticeRequest): string {
    return noticeId({
      contractId: request.notice.contract.contractId,
      kind: request.notice.kind,
      causationId: request.causationId,
      key: request.key ?? null,
    });
  }

  /** Renders and seals; throws NoticeModelError / NoticeRejectedError for a notice that cannot go out. */
  async prepare(request: NoticeRequest): Promise<PreparedNotice> {
    const channel = request.channel ?? 'EMAIL';
    if (channel !== 'EMAIL') {
      throw new NoticeRejectedError(`${channel} notices are sent on paper and recorded by staff; the outbox sends EMAIL only`);
    }
    if (!request.causationId || !request.causationId.trim()) throw new NoticeModelError('causationId', 'is empty');
    const email = request.recipient.email.trim();
    if (!EMAIL_RE.test(email)) throw new NoticeModelError('recipient.email', 'is not an e-mail address');
    const rendered = renderNotice(request.notice, { ...this.#render, channel });
    const id = this.idFor(request);
    const to: MailAddress = { name: request.recipient.name ?? request.notice.contract.contactName, address: email };
    const envelope: NoticeEnvelope = {
      v: 1,
      recipient: email,
      termsVersion: request.notice.kind === 'TERMS_CHANGED' ? request.notice.version : null,
      message: {
        messageId: `<${id}@${this.#domain}>`,
        from: this.#from,
        to: [to],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: rendered.attachments,
        headers: {
          'X-PFW-Notice-Id': id,
          'X-PFW-Notification-Kind': rendered.kind,
          'X-PFW-Contract-Id': rendered.contractId,
          'X-PFW-Contract-Reference': rendered.contractReference,
          'Auto-Submitted': 'auto-generated',
          'Content-Language': (this.#render.languages ?? ['ja', 'en']).join(', '),
        },
      },
    };
    const contractId = request.notice.contract.contractId;
    const payload = await this.#protector.seal(contractId, encodeEnvelope(envelope));
    return {
      id,
      contractId,
      kind: request.notice.kind,
      channel,
      causationId: request.causationId,
      protectorId: this.#protector.id,
      payload,
    };
  }

  /** Prepares and stores; `enqueued` is false when the notice was already there (nothing changed). */
  async enqueue(request: NoticeRequest): Promise<{ readonly id: string; readonly enqueued: boolean }> {
    const prepared = await this.prepare(request);
    const enqueued = await this.store.insert(prepared, this.#clock.now());
    return { id: prepared.id, enqueued };
  }

  async status(id: string): Promise<OutboxNoticeStatus | null> {
    const row = await this.store.get(id);
    if (!row) return null;
    const { payload: _payload, protectorId: _protector, ...rest } = row;
    return rest;
  }

  /** Erases the contract's stored messages (crypto-shredding); unsent ones will never be sent. */
  async purgeContract(contractId: string): Promise<PurgeReport> {
    return this.store.purgeContract(contractId, this.#clock.now());
  }
}
