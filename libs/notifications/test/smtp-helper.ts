import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly mailFrom: string | null;
  readonly rcptTo: readonly string[];
  readonly raw: Buffer;
  readonly user: string | null;
}

export interface LocalSmtp {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Every RCPT TO the server saw, accepted or not. */
  readonly rcptAttempts: string[];
  close(): Promise<void>;
}

export interface LocalSmtpOptions {
  /** Recipients answered with `550 5.1.1 <addr>: mailbox unavailable`. */
  readonly rejectRecipients?: (address: string) => boolean;
  /** Require AUTH with these credentials (plain over the unencrypted local connection). */
  readonly credentials?: { readonly user: string; readonly pass: string };
}

/** A real SMTP server (smtp-server) on 127.0.0.1, an ephemeral port, no TLS, that keeps what it received. */
export async function startLocalSmtp(options: LocalSmtpOptions = {}): Promise<LocalSmtp> {
  const received: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  const serverOptions: SMTPServerOptions = {
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.credentials && auth.username === options.credentials.user && auth.password === options.credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      if (options.rejectRecipients?.(address.address)) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: typeof session.user === 'string' ? session.user : null,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    rcptAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
