/**
 * @pfw/notifications — the notices the terms require (DOMAIN.md `CustomerNotified`).
 *
 * - Templates: `renderNotice(model)` — one typed model per NotificationKind, Japanese then English,
 *   plain text + simple HTML, every notice naming the contract reference and its article.
 * - Transport port `NotificationTransport` — `SmtpNotificationTransport` (nodemailer, by URL) and
 *   `FileNotificationTransport` (`<DATA_DIR>/outbox-sent/**.eml`); `createNotificationTransport(config)`.
 * - Outbox: `NotificationOutbox.enqueue(request)` (render, seal with a `PayloadProtector`, store under a
 *   deterministic notice id: idempotent) and `OutboxDispatcher` (send, retry with capped exponential
 *   backoff, `STUCK` after N failures, `stuck()` / `retry(id)`, `onAccepted(notice, receipt)` where the
 *   application records `CustomerNotified`). Storage is the `OutboxStore` interface; `SqlOutboxStore`
 *   keeps it in the read-model database (SQLite on one host, PostgreSQL shared by every worker: read-model
 *   migration 0005 of this lib), `SqliteOutboxStore` in a SQLite file of its own (tests, and the outbox a single host
 *   kept under DATA_DIR before).
 *
 * Wiring for the worker (sketch):
 *   const store = new SqlOutboxStore(readModelDb);
 *   const outbox = new NotificationOutbox({ store, clock, from });
 *   const dispatcher = new OutboxDispatcher({ store, transport: createNotificationTransport({ url, dataDir, from }),
 *     clock, onAccepted: (n, r) => recordCustomerNotified(n, r) });  // idempotent: command id from n.id
 *   dispatcher.start();  // or dispatcher.drain() at each simulated-clock step
 */
export * from './kinds';
export * from './errors';
export * from './model';
export {
  addMonths, article, articleShort, contractReference, formatDate, formatInstant, formatJpy, groupDigits,
} from './format';
export { DEFAULT_SENDER_PROFILE } from './templates/context';
export type { Localized, SenderProfile } from './templates/context';
export type { Block, Fact, Section } from './templates/document';
export { renderNotice, renderSection, validateNotice } from './templates/render';
export type { NoticeAttachment, RenderOptions, RenderedNotice } from './templates/render';

export * from './transport/port';
export { buildEml } from './transport/eml';
export { SmtpNotificationTransport, parseSmtpUrl, redactSmtpUrl } from './transport/smtp-transport';
export type { SmtpSettings, SmtpTransportOptions } from './transport/smtp-transport';
export { FileNotificationTransport } from './transport/file-transport';
export type { FileTransportOptions } from './transport/file-transport';
export { createNotificationTransport, SENT_DIRECTORY } from './transport/factory';
export type { TransportSettings } from './transport/factory';

export * from './outbox/store';
export { SqliteOutboxStore, NOTIFICATIONS_DB_FILE } from './outbox/sqlite-store';
export { SqlOutboxStore } from './outbox/sql-store';
export { NOTIFICATIONS_MIGRATIONS } from './migrations';
export type { SqliteOutboxStoreOptions } from './outbox/sqlite-store';
export { IDENTITY_PROTECTOR } from './outbox/protector';
export type { PayloadProtector } from './outbox/protector';
export { noticeId, NOTICE_ID_NAMESPACE } from './outbox/notice-id';
export type { NoticeIdParts } from './outbox/notice-id';
export { DEFAULT_RETRY_POLICY, backoffDelay, retryPolicy } from './outbox/backoff';
export type { RetryPolicy } from './outbox/backoff';
export type { NoticeEnvelope } from './outbox/envelope';
export { NotificationOutbox } from './outbox/outbox';
export type { NoticeRequest, NotificationOutboxOptions } from './outbox/outbox';
export { OutboxDispatcher } from './outbox/dispatcher';
export type {
  AcceptedNotice, DeliveryReceipt, DispatchReport, OutboxDispatcherOptions, StuckNotice,
} from './outbox/dispatcher';
