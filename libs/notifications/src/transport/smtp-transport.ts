import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { TransportConfigError } from '../errors';
import { addresses, toMailOptions, toSendFailure } from './mail-options';
import { DEFAULT_SENDER, type NotificationTransport, type OutgoingMessage, type SendResult } from './port';

/** What an SMTP URL configures. `password` stays inside the transport; `describe()` masks it. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `smtps://`: TLS from the first byte (port 465 by default). */
  readonly secure: boolean;
  readonly user: string | null;
  readonly password: string | null;
  /** `?requireTLS=true`: refuse to send unless STARTTLS succeeds. */
  readonly requireTLS: boolean;
  /** `?ignoreTLS=true`: never STARTTLS (only for a trusted local relay). */
  readonly ignoreTLS: boolean;
  /** `?tls.rejectUnauthorized=false`: accept a self-signed server certificate (development only). */
  readonly rejectUnauthorized: boolean;
  /** `?name=host.example`: the name we greet with (EHLO). */
  readonly clientName: string | null;
}

export interface SmtpTransportOptions {
  /** `smtp://[user[:pass]@]host[:port][?options]` or `smtps://…`; user and password percent-encoded. */
  readonly url: string;
  /** Default sender; `Passport for Web <no-reply@localhost>` unless configured. */
  readonly from?: string;
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
}

const BOOLEAN_PARAMS = new Set(['requireTLS', 'ignoreTLS', 'tls.rejectUnauthorized', 'rejectUnauthorized']);

/** The URL with its password replaced by `***`; something readable but secret-free when it does not parse. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable SMTP URL>';
  }
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true' || value === '1' || value === '') return true;
  if (value === 'false' || value === '0') return false;
  throw new TransportConfigError(`SMTP URL option ${name} must be true or false, not "${value}"`);
}

/** Parses and checks an SMTP URL; errors name the problem and never repeat the password. */
export function parseSmtpUrl(url: string): SmtpSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TransportConfigError('SMTP URL is not a URL (expected smtp://user:pass@host:587 or smtps://…)');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new TransportConfigError(`SMTP URL scheme must be smtp: or smtps:, not ${u.protocol}`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new TransportConfigError(`SMTP URL ${redactSmtpUrl(url)} names no host`);
  const secure = u.protocol === 'smtps:';
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  if (u.pathname && u.pathname !== '/' && u.pathname !== '') {
    throw new TransportConfigError(`SMTP URL ${redactSmtpUrl(url)} must not have a path`);
  }
  let requireTLS = false;
  let ignoreTLS = false;
  let rejectUnauthorized = true;
  let clientName: string | null = null;
  for (const [key, value] of u.searchParams) {
    if (BOOLEAN_PARAMS.has(key)) {
      const b = parseBoolean(key, value);
      if (key === 'requireTLS') requireTLS = b;
      else if (key === 'ignoreTLS') ignoreTLS = b;
      else rejectUnauthorized = b;
    } else if (key === 'name') {
      clientName = value || null;
    } else {
      throw new TransportConfigError(`SMTP URL option "${key}" is not supported (requireTLS, ignoreTLS, tls.rejectUnauthorized, name)`);
    }
  }
  if (requireTLS && ignoreTLS) throw new TransportConfigError('SMTP URL sets both requireTLS and ignoreTLS');
  const user = u.username ? decodeURIComponent(u.username) : null;
  const password = u.password ? decodeURIComponent(u.password) : null;
  if (password !== null && user === null) throw new TransportConfigError('SMTP URL has a password but no user');
  return { host, port, secure, user, password, requireTLS, ignoreTLS, rejectUnauthorized, clientName };
}

/**
 * SMTP through nodemailer. One connection per message (no pool): notices are few, and a fresh
 * connection per attempt keeps a failed one from poisoning the next.
 */
export class SmtpNotificationTransport implements NotificationTransport {
  readonly name = 'smtp';
  readonly #transporter: Transporter<SMTPTransport.SentMessageInfo>;
  readonly #description: string;
  readonly #from: string;
  readonly #secrets: readonly string[];

  constructor(options: SmtpTransportOptions) {
    const s = parseSmtpUrl(options.url);
    this.#description = `smtp ${redactSmtpUrl(options.url)}`;
    this.#from = options.from ?? DEFAULT_SENDER;
    this.#secrets = s.password ? [s.password, encodeURIComponent(s.password)] : [];
    const transportOptions: SMTPTransport.Options = {
      host: s.host,
      port: s.port,
      secure: s.secure,
      requireTLS: s.requireTLS,
      ignoreTLS: s.ignoreTLS,
      tls: { rejectUnauthorized: s.rejectUnauthorized, servername: s.host },
      ...(s.user !== null ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
      ...(s.clientName ? { name: s.clientName } : {}),
      connectionTimeout: options.connectionTimeoutMs ?? 15_000,
      greetingTimeout: options.greetingTimeoutMs ?? 15_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      logger: false,
      debug: false,
    };
    this.#transporter = nodemailer.createTransport(transportOptions);
  }

  describe(): string {
    return this.#description;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.#transporter.sendMail(toMailOptions(message, this.#from));
      const acceptedRecipients = addresses(info.accepted);
      const rejectedRecipients = addresses(info.rejected);
      const accepted = acceptedRecipients.length > 0 && rejectedRecipients.length === 0;
      const firstRejection = (info as { rejectedErrors?: unknown[] }).rejectedErrors?.[0];
      return {
        accepted,
        messageId: message.messageId,
        acceptedRecipients,
        rejectedRecipients,
        response: typeof info.response === 'string' ? info.response : null,
        error: accepted
          ? null
          : firstRejection
            ? toSendFailure(firstRejection, this.#secrets)
            : { code: 'EENVELOPE', message: 'no recipient was accepted', responseCode: null, permanent: false, command: 'RCPT TO' },
      };
    } catch (error) {
      const failure = toSendFailure(error, this.#secrets);
      const rejected = (error as { rejected?: Array<string> }).rejected;
      return {
        accepted: false,
        messageId: message.messageId,
        acceptedRecipients: [],
        rejectedRecipients: Array.isArray(rejected) ? rejected.map(String) : [],
        response: null,
        error: failure,
      };
    }
  }

  /** Connects and greets (and authenticates) without sending: a start-up check. */
  async verify(): Promise<void> {
    try {
      await this.#transporter.verify();
    } catch (error) {
      const f = toSendFailure(error, this.#secrets);
      throw new TransportConfigError(`${this.#description}: ${f.code} ${f.message}`);
    }
  }

  async close(): Promise<void> {
    this.#transporter.close();
  }

  /** util.inspect / JSON never show the settings (the password lives in private fields only). */
  toJSON(): { transport: string } {
    return { transport: this.#description };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SmtpNotificationTransport(${this.#description})`;
  }
}
