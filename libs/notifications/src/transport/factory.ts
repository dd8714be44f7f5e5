import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TransportConfigError } from '../errors';
import { FileNotificationTransport } from './file-transport';
import type { NotificationTransport } from './port';
import { SmtpNotificationTransport } from './smtp-transport';

export interface TransportSettings {
  /**
   * Unset or empty: the file transport under `<dataDir>/outbox-sent`. `smtp://…` / `smtps://…`: SMTP.
   * `file:` writes to the default directory, `file:///absolute/dir` to that directory.
   */
  readonly url?: string | null;
  readonly dataDir: string;
  /** Sender address; default `Passport for Web <no-reply@localhost>`. */
  readonly from?: string | null;
}

export const SENT_DIRECTORY = 'outbox-sent';

/** The transport the configuration asks for. Throws TransportConfigError (password never shown). */
export function createNotificationTransport(settings: TransportSettings): NotificationTransport {
  const url = settings.url?.trim() ?? '';
  const from = settings.from?.trim() || undefined;
  if (!url || url === 'file:') {
    return new FileNotificationTransport({ directory: path.join(settings.dataDir, SENT_DIRECTORY), from });
  }
  if (url.startsWith('file:')) {
    let directory: string;
    try {
      directory = fileURLToPath(url);
    } catch {
      throw new TransportConfigError(`notification transport URL ${url} is not a file URL (file:///absolute/directory)`);
    }
    return new FileNotificationTransport({ directory, from });
  }
  if (url.startsWith('smtp:') || url.startsWith('smtps:')) {
    return new SmtpNotificationTransport({ url, from });
  }
  throw new TransportConfigError('notification transport URL must start with smtp://, smtps:// or file:');
}
