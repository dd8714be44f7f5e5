import type { NoticeAttachment } from '../templates/render';

/**
 * The transport port: how a rendered notice leaves the system. Adapters: SMTP (nodemailer, configured by
 * URL) and a file transport (RFC 5322 `.eml` files under DATA_DIR) for the embedded default.
 *
 * Contract every adapter keeps:
 * - `send` resolves; it does not reject for delivery problems. A message the transport did not take
 *   (connection refused, a 4xx/5xx reply, every recipient refused) comes back as `accepted: false` with
 *   `error`, so the outbox records the failure and retries; nothing is dropped silently.
 * - `accepted: true` means the transport took responsibility for the message for every recipient (the
 *   SMTP server answered 250 to DATA with no recipient refused; the file is durably on disk). That is the
 *   moment `CustomerNotified` may be recorded.
 * - The `messageId` is the one the caller set (deterministic per notice), so a re-send after a crash
 *   carries the same Message-ID and mail clients can tell it is the same notice.
 * - Nothing an adapter logs or returns contains a password.
 */

export interface MailAddress {
  readonly name?: string;
  readonly address: string;
}

export interface OutgoingMessage {
  /** RFC 5322 Message-ID with angle brackets, e.g. `<3f1c…@example.jp>`. */
  readonly messageId: string;
  readonly to: readonly MailAddress[];
  /** Overrides the transport's configured sender. */
  readonly from?: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly NoticeAttachment[];
  /** Extra header fields (e.g. `X-PFW-Notice-Id`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The Date header; the sender's clock (simulated in tests) rather than the host's. */
  readonly date?: Date;
  /** The contract the message is about: used for storage layout and purging, not sent as such. */
  readonly contractId?: string;
}

export interface SendFailure {
  /** nodemailer's code (`EENVELOPE`, `ECONNECTION`, `ETIMEDOUT`, …) or our own (`EWRITE`, `ESEND`). */
  readonly code: string;
  readonly message: string;
  /** The SMTP reply code, where there was one. */
  readonly responseCode: number | null;
  /** A 5xx reply: retrying the same message to the same server is unlikely to help. */
  readonly permanent: boolean;
  /** The SMTP command that failed (`RCPT TO`, `DATA`, …), where known. */
  readonly command: string | null;
}

export interface SendResult {
  readonly accepted: boolean;
  readonly messageId: string;
  readonly acceptedRecipients: readonly string[];
  readonly rejectedRecipients: readonly string[];
  /** The server's last reply (`250 OK …`) or where the file went; never a secret. */
  readonly response: string | null;
  readonly error: SendFailure | null;
}

export interface NotificationTransport {
  /** `smtp`, `file`, … — recorded with each sent notice. */
  readonly name: string;
  /** A description safe for logs (the SMTP URL with its password masked). */
  describe(): string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

/** Sender used when none is configured. */
export const DEFAULT_SENDER = 'Passport for Web <no-reply@localhost>';

/** The domain part of a sender like `Name <user@domain>` or `user@domain` (Message-IDs use it). */
export function senderDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m ? m[1].toLowerCase() : 'localhost';
}
