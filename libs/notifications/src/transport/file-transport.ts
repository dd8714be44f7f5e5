import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildEml } from './eml';
import { toSendFailure } from './mail-options';
import { DEFAULT_SENDER, type NotificationTransport, type OutgoingMessage, type SendResult } from './port';

export interface FileTransportOptions {
  /** Where messages go, e.g. `<DATA_DIR>/outbox-sent`. Created when missing. */
  readonly directory: string;
  readonly from?: string;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,100}$/;

/** A file or directory name for an id: itself when safe, else a readable prefix plus a digest. */
function safeName(id: string): string {
  if (SAFE_NAME.test(id) && !id.endsWith('.')) return id;
  const readable = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '').slice(0, 60);
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 16);
  return readable ? `${readable}-${digest}` : digest;
}

/**
 * The embedded default: each message becomes an RFC 5322 `.eml` file (what SMTP would have carried),
 * `<directory>/<contract id>/<message id>.eml`, written to a temporary file, flushed, then renamed into
 * place, so a reader never sees half a message. A re-send of the same notice (same Message-ID) replaces
 * the file instead of adding a second one. Grouping by contract lets `purgeContract` remove a contract's
 * messages (crypto-shredding).
 */
export class FileNotificationTransport implements NotificationTransport {
  readonly name = 'file';
  readonly directory: string;
  readonly #from: string;

  constructor(options: FileTransportOptions) {
    this.directory = path.resolve(options.directory);
    this.#from = options.from ?? DEFAULT_SENDER;
  }

  describe(): string {
    return `file ${this.directory}`;
  }

  /** Where a message with this contract and Message-ID is (or would be) written. */
  pathFor(message: Pick<OutgoingMessage, 'messageId' | 'contractId'>): string {
    const dir = message.contractId ? safeName(message.contractId) : '_no-contract';
    return path.join(this.directory, dir, `${safeName(message.messageId.replace(/^<|>$/g, ''))}.eml`);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const target = this.pathFor(message);
    const recipients = message.to.map((a) => a.address);
    try {
      const bytes = await buildEml(message, this.#from);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      await syncDirectory(path.dirname(target));
      return {
        accepted: true,
        messageId: message.messageId,
        acceptedRecipients: recipients,
        rejectedRecipients: [],
        response: `written ${path.relative(this.directory, target)}`,
        error: null,
      };
    } catch (error) {
      const failure = toSendFailure(error);
      return {
        accepted: false,
        messageId: message.messageId,
        acceptedRecipients: [],
        rejectedRecipients: [],
        response: null,
        error: { ...failure, code: failure.code === 'ESEND' ? 'EWRITE' : failure.code },
      };
    }
  }

  /** Deletes every message written for the contract; answers how many files went. */
  async purgeContract(contractId: string): Promise<number> {
    const dir = path.join(this.directory, safeName(contractId));
    let count = 0;
    try {
      count = (await fs.readdir(dir)).filter((f) => f.endsWith('.eml')).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    await fs.rm(dir, { recursive: true, force: true });
    return count;
  }

  async close(): Promise<void> {
    // Nothing held open between messages.
  }
}

/** Makes a rename durable (POSIX); not every platform can open a directory, which is then fine to skip. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on directories; the rename itself already happened.
  } finally {
    await handle?.close();
  }
}
