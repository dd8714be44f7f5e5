import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  DEFAULT_SENDER, FileNotificationTransport, NotificationOutbox, SmtpNotificationTransport, SqliteOutboxStore,
  TransportConfigError, buildEml, createNotificationTransport, parseSmtpUrl, redactSmtpUrl, renderNotice,
  type NoticeModel, type OutgoingMessage,
} from '@pfw/notifications';
import { CONTRACT_ID, FQDN, MODELS, PEM, REFERENCE, removeDir, tempDir } from './fixtures';
import { header, readMessage } from './mime';
import { startLocalSmtp, type LocalSmtp } from './smtp-helper';

const RECIPIENT = 'taro.yamada@example-shoji.co.jp';

function messageFor(model: NoticeModel = MODELS.INVOICE, messageId = `<notice-1@pfw.example.jp>`): OutgoingMessage {
  const r = renderNotice(model);
  return {
    messageId,
    to: [{ name: '山田 太郎', address: RECIPIENT }],
    subject: r.subject,
    text: r.text,
    html: r.html,
    attachments: r.attachments,
    headers: { 'X-PFW-Contract-Reference': r.contractReference },
    date: new Date('2026-04-01T00:00:00Z'),
    contractId: CONTRACT_ID,
  };
}

describe('RFC 5322 messages (buildEml)', () => {
  it('builds a parseable MIME message: encoded Japanese subject, text and HTML bodies, certificate attachment', async () => {
    const eml = await buildEml(messageFor(MODELS.CERTIFICATE_DELIVERY), DEFAULT_SENDER);
    const raw = eml.toString('latin1');
    expect(raw).toMatch(/\r\n\r\n/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/\n/); // CRLF line ends only
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const m = readMessage(eml);
    expect(header(m.root, 'message-id')).toBe('<notice-1@pfw.example.jp>');
    expect(header(m.root, 'from')).toBe('Passport for Web <no-reply@localhost>');
    expect(header(m.root, 'to')).toContain(`<${RECIPIENT}>`);
    expect(header(m.root, 'to')).toContain('山田 太郎');
    expect(header(m.root, 'subject')).toContain(REFERENCE);
    expect(header(m.root, 'subject')).toContain('証明書発行のお知らせ');
    expect(header(m.root, 'date')).toBe('Wed, 01 Apr 2026 00:00:00 +0000');
    expect(header(m.root, 'x-pfw-contract-reference')).toBe(REFERENCE);
    expect(m.text).toContain('証明書発行のお知らせ');
    expect(m.text).toContain(FQDN);
    expect(m.html).toContain('<section lang="ja">');
    expect(m.attachments).toEqual([{ filename: `${FQDN}.crt`, contentType: 'application/pem-certificate-chain', content: PEM.replace(/\n/g, '\r\n') + '\r\n' }]);
  });
});

describe('file transport', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('writes each message as a parseable .eml under the contract directory, leaving no temporary file', async () => {
    const t = new FileNotificationTransport({ directory: path.join(dir, 'outbox-sent') });
    const result = await t.send(messageFor());
    expect(result).toMatchObject({ accepted: true, messageId: '<notice-1@pfw.example.jp>', acceptedRecipients: [RECIPIENT], rejectedRecipients: [], error: null });
    const file = path.join(dir, 'outbox-sent', CONTRACT_ID, 'notice-1@pfw.example.jp.eml');
    expect(t.pathFor(messageFor())).toBe(file);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['notice-1@pfw.example.jp.eml']);
    const m = readMessage(fs.readFileSync(file));
    expect(m.text).toContain(REFERENCE);
    expect(m.text).toContain('お支払期限');
    expect(m.text).toContain('2026年5月1日');
    expect(m.text).toContain('Payment due');
    expect(header(m.root, 'to')).toContain(RECIPIENT);
  });

  it('a re-send of the same Message-ID replaces the file instead of adding one', async () => {
    const t = new FileNotificationTransport({ directory: dir });
    await t.send(messageFor());
    await t.send({ ...messageFor(), subject: 'second' });
    const files = fs.readdirSync(path.join(dir, CONTRACT_ID));
    expect(files).toHaveLength(1);
    expect(header(readMessage(fs.readFileSync(path.join(dir, CONTRACT_ID, files[0]))).root, 'subject')).toBe('second');
  });

  it('a sender can be configured; unsafe ids are turned into safe file names', async () => {
    const t = new FileNotificationTransport({ directory: dir, from: 'PFW Support <support@pfw.example.jp>' });
    const msg = { ...messageFor(), messageId: '<../../etc/passwd@x>', contractId: '../escape' };
    const r = await t.send(msg);
    expect(r.accepted).toBe(true);
    const file = t.pathFor(msg);
    expect(path.relative(dir, file).startsWith('..')).toBe(false);
    expect(header(readMessage(fs.readFileSync(file)).root, 'from')).toBe('PFW Support <support@pfw.example.jp>');
  });

  it('a write failure is reported as not accepted, with the error', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    const t = new FileNotificationTransport({ directory: blocker });
    const r = await t.send(messageFor());
    expect(r.accepted).toBe(false);
    expect(r.error?.code).toMatch(/^E/);
    expect(r.error?.message).toBeTruthy();
  });

  it('purgeContract removes the contract\'s messages only', async () => {
    const t = new FileNotificationTransport({ directory: dir });
    await t.send(messageFor());
    await t.send({ ...messageFor(), messageId: '<notice-2@pfw.example.jp>' });
    await t.send({ ...messageFor(), contractId: 'other-contract' });
    expect(await t.purgeContract(CONTRACT_ID)).toBe(2);
    expect(fs.existsSync(path.join(dir, CONTRACT_ID))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'other-contract'))).toHaveLength(1);
    expect(await t.purgeContract('never-written')).toBe(0);
  });
});

describe('transport factory', () => {
  it('defaults to the file transport under <DATA_DIR>/outbox-sent; smtp(s):// selects SMTP', () => {
    const file = createNotificationTransport({ dataDir: '/srv/pfw' });
    expect(file).toBeInstanceOf(FileNotificationTransport);
    expect(file.describe()).toBe(`file ${path.join('/srv/pfw', 'outbox-sent')}`);
    expect((createNotificationTransport({ url: 'file:///var/mail/pfw', dataDir: '/x' }) as FileNotificationTransport).directory).toBe('/var/mail/pfw');
    const smtp = createNotificationTransport({ url: 'smtps://mailer:s3cr%40t@mail.example.jp', dataDir: '/x' });
    expect(smtp).toBeInstanceOf(SmtpNotificationTransport);
    expect(smtp.describe()).toBe('smtp smtps://mailer:***@mail.example.jp');
    expect(() => createNotificationTransport({ url: 'http://user:hunter2@x', dataDir: '/x' })).toThrow(TransportConfigError);
    try {
      createNotificationTransport({ url: 'http://user:hunter2@x', dataDir: '/x' });
    } catch (e) {
      expect(String(e)).not.toContain('hunter2');
    }
  });
});

describe('SMTP URL parsing', () => {
  it('reads host, port, TLS mode and credentials (percent-decoded)', () => {
    expect(parseSmtpUrl('smtp://user%40corp:p%40ss%3Aword@mail.example.jp:2525?requireTLS=true&name=pfw.example.jp')).toEqual({
      host: 'mail.example.jp', port: 2525, secure: false, user: 'user@corp', password: 'p@ss:word',
      requireTLS: true, ignoreTLS: false, rejectUnauthorized: true, clientName: 'pfw.example.jp',
    });
    expect(parseSmtpUrl('smtp://relay.local')).toMatchObject({ port: 587, secure: false, user: null, password: null });
    expect(parseSmtpUrl('smtps://relay.local')).toMatchObject({ port: 465, secure: true });
    expect(parseSmtpUrl('smtps://relay.local?tls.rejectUnauthorized=false')).toMatchObject({ rejectUnauthorized: false });
  });

  it('refuses bad URLs without repeating the password', () => {
    const bad = [
      'smtp://u:topsecret@host/path',
      'smtp://u:topsecret@host?pool=true',
      'smtp://u:topsecret@host?requireTLS=maybe',
      'smtp://u:topsecret@host?requireTLS=true&ignoreTLS=true',
      'imap://u:topsecret@host',
      'smtp//u:topsecret@host',
    ];
    for (const url of bad) {
      let error: unknown;
      try {
        parseSmtpUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransportConfigError);
      expect(String(error)).not.toContain('topsecret');
    }
    expect(redactSmtpUrl('smtp://u:topsecret@host:25')).toBe('smtp://u:***@host:25');
    expect(redactSmtpUrl('not a url topsecret')).not.toContain('topsecret');
  });
});

describe('SMTP transport against a local smtp-server', () => {
  let server: LocalSmtp;
  afterEach(async () => server?.close());

  it('delivers the notice: right envelope recipient (RCPT TO), contract reference in the body', async () => {
    server = await startLocalSmtp();
    const t = new SmtpNotificationTransport({ url: server.url, from: 'Passport for Web <no-reply@pfw.example.jp>' });
    const result = await t.send(messageFor(MODELS.REVOCATION_NOTICE));
    await t.close();
    expect(result.accepted).toBe(true);
    expect(result.acceptedRecipients).toEqual([RECIPIENT]);
    expect(result.response).toMatch(/^250/);
    expect(server.received).toHaveLength(1);
    const mail = server.received[0];
    expect(mail.rcptTo).toEqual([RECIPIENT]);
    expect(mail.mailFrom).toBe('no-reply@pfw.example.jp');
    const m = readMessage(mail.raw);
    expect(header(m.root, 'message-id')).toBe('<notice-1@pfw.example.jp>');
    expect(header(m.root, 'subject')).toContain(REFERENCE);
    expect(m.text).toContain(`契約番号：${REFERENCE}`);
    expect(m.text).toContain(`Contract reference : ${REFERENCE}`);
    expect(m.text).toContain('利用規定第7項');
    expect(m.text).toContain('Art. 7(2)');
  });

  it('authenticates with the URL credentials; the password appears in no description, inspection or error', async () => {
    const pass = 'pässw0rd/with:odd@chars';
    server = await startLocalSmtp({ credentials: { user: 'mailer', pass } });
    const url = `smtp://mailer:${encodeURIComponent(pass)}@127.0.0.1:${server.port}`;
    const ok = new SmtpNotificationTransport({ url });
    expect((await ok.send(messageFor())).accepted).toBe(true);
    expect(server.received[0].user).toBe('mailer');
    for (const shown of [ok.describe(), inspect(ok, { depth: 10 }), JSON.stringify(ok)]) {
      expect(shown).not.toContain(pass);
      expect(shown).not.toContain(encodeURIComponent(pass));
    }
    await ok.close();

    const wrong = new SmtpNotificationTransport({ url: `smtp://mailer:not-the-password@127.0.0.1:${server.port}` });
    const refused = await wrong.send(messageFor());
    await wrong.close();
    expect(refused.accepted).toBe(false);
    expect(refused.error).toMatchObject({ code: 'EAUTH', responseCode: 535, permanent: true });
    expect(JSON.stringify(refused)).not.toContain('not-the-password');
    expect(server.received).toHaveLength(1);
  });

  it('a recipient refused with 550 comes back as not accepted with the reply, nothing thrown', async () => {
    server = await startLocalSmtp({ rejectRecipients: (a) => a === RECIPIENT });
    const t = new SmtpNotificationTransport({ url: server.url });
    const r = await t.send(messageFor());
    await t.close();
    expect(r.accepted).toBe(false);
    expect(r.error).toMatchObject({ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'RCPT TO' });
    expect(r.error?.message).toContain('mailbox unavailable');
    expect(server.rcptAttempts).toEqual([RECIPIENT]);
    expect(server.received).toHaveLength(0);
  });

  it('one refused recipient of two is not an acceptance (the notice is not recorded as delivered)', async () => {
    server = await startLocalSmtp({ rejectRecipients: (a) => a.startsWith('gone') });
    const t = new SmtpNotificationTransport({ url: server.url });
    const r = await t.send({ ...messageFor(), to: [{ address: RECIPIENT }, { address: 'gone@example-shoji.co.jp' }] });
    await t.close();
    expect(r.accepted).toBe(false);
    expect(r.acceptedRecipients).toEqual([RECIPIENT]);
    expect(r.rejectedRecipients).toEqual(['gone@example-shoji.co.jp']);
    expect(r.error?.responseCode).toBe(550);
  });

  it('no server listening: a connection error, not accepted', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const t = new SmtpNotificationTransport({ url: `smtp://127.0.0.1:${port}`, connectionTimeoutMs: 2000 });
    const r = await t.send(messageFor());
    await t.close();
    expect(r.accepted).toBe(false);
    expect(r.error?.code).toBe('ESOCKET');
    expect(r.error?.permanent).toBe(false);
  });

  it('end to end through the outbox renderer: what the outbox stores goes out unchanged', async () => {
    server = await startLocalSmtp();
    const dir = tempDir();
    const store = new SqliteOutboxStore({ file: path.join(dir, 'n.sqlite') });
    try {
      const outbox = new NotificationOutbox({ store, from: 'Passport for Web <no-reply@pfw.example.jp>' });
      const prepared = await outbox.prepare({ notice: MODELS.SCREENING_RESULT, causationId: 'evt-1', recipient: { email: RECIPIENT } });
      const envelope = JSON.parse(Buffer.from(prepared.payload).toString('utf8'));
      const t = new SmtpNotificationTransport({ url: server.url });
      expect((await t.send(envelope.message)).accepted).toBe(true);
      await t.close();
      const m = readMessage(server.received[0].raw);
      expect(header(m.root, 'message-id')).toBe(`<${prepared.id}@pfw.example.jp>`);
      expect(header(m.root, 'x-pfw-notice-id')).toBe(prepared.id);
      expect(header(m.root, 'x-pfw-notification-kind')).toBe('SCREENING_RESULT');
      expect(header(m.root, 'auto-submitted')).toBe('auto-generated');
      expect(m.text).toContain('登録受理');
    } finally {
      store.close();
      removeDir(dir);
    }
  });
});
