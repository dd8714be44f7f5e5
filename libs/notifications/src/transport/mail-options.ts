import type Mail from 'nodemailer/lib/mailer';
import type { OutgoingMessage, SendFailure } from './port';

/** RFC 5322 line ends: nodemailer keeps the body's own line ends, so ours are CRLF from the start. */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** The nodemailer message for one of ours. File and URL access are off: content comes only from us. */
export function toMailOptions(message: OutgoingMessage, defaultFrom: string): Mail.Options {
  return {
    from: message.from ?? defaultFrom,
    to: message.to.map((a) => (a.name ? { name: a.name, address: a.address } : a.address)),
    subject: message.subject,
    text: crlf(message.text),
    ...(message.html !== undefined ? { html: crlf(message.html) } : {}),
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    messageId: message.messageId,
    ...(message.date ? { date: message.date } : {}),
    headers: { ...(message.headers ?? {}) },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

interface MailerError {
  code?: unknown;
  message?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

/** A nodemailer error as a SendFailure; `secrets` are masked out of the message. */
export function toSendFailure(error: unknown, secrets: readonly string[] = []): SendFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as MailerError;
  let message = typeof e.message === 'string' ? e.message : String(error);
  for (const s of secrets) if (s) message = message.split(s).join('***');
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  return {
    code: typeof e.code === 'string' ? e.code : 'ESEND',
    message,
    responseCode,
    permanent: responseCode !== null && responseCode >= 500 && responseCode < 600,
    command: typeof e.command === 'string' ? e.command : null,
  };
}

/** nodemailer's accepted/rejected lists hold strings or `{ address }` objects. */
export function addresses(list: ReadonlyArray<string | Mail.Address> | undefined): string[] {
  return (list ?? []).map((a) => (typeof a === 'string' ? a : a.address));
}
