/**
 * A small RFC 5322 / MIME reader for the tests: enough to prove the messages we write are well formed
 * and to read their text back (headers with RFC 2047 encoded words, multipart bodies, base64 and
 * quoted-printable). Strict where it matters: a malformed message throws instead of passing quietly.
 */

export interface MimePart {
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** Decoded body of a leaf part (UTF-8 text or raw bytes). */
  readonly body: Buffer;
  readonly parts: readonly MimePart[];
}

export function header(part: MimePart, name: string): string | undefined {
  return part.headers.get(name.toLowerCase())?.[0];
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      if (!/^utf-8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return bytes.toString('utf8');
    });
}

function parseParams(value: string): { value: string; params: Map<string, string> } {
  const [first, ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const r of rest) {
    const m = /^\s*([^=\s]+)\s*=\s*"?([^"]*)"?\s*$/.exec(r);
    if (m) params.set(m[1].toLowerCase(), m[2]);
  }
  return { value: first.trim().toLowerCase(), params };
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'latin1'));
    }
  }
  return Buffer.from(bytes);
}

export function parseMime(raw: Buffer | string): MimePart {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('no blank line between header and body');
  const head = text.slice(0, split);
  const bodyText = text.slice(split + 4);
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`malformed header line: ${JSON.stringify(line)}`);
    const name = m[1].toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(Buffer.from(m[2], 'latin1').toString('utf8'))]);
  }
  const contentType = parseParams(headers.get('content-type')?.[0] ?? 'text/plain');
  if (contentType.value.startsWith('multipart/')) {
    const boundary = contentType.params.get('boundary');
    if (!boundary) throw new Error('multipart without boundary');
    const chunks = bodyText.split(`--${boundary}`);
    const closing = chunks.findIndex((c) => c.startsWith('--'));
    if (closing < 0) throw new Error('multipart without closing boundary');
    const parts = chunks.slice(1, closing).map((c) => parseMime(c.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(bodyText)
        : Buffer.from(bodyText, 'latin1');
  return { headers, body, parts: [] };
}

function leaves(part: MimePart): MimePart[] {
  return part.parts.length ? part.parts.flatMap(leaves) : [part];
}

/** The text/plain body, the text/html body and the attachments of a message. */
export function readMessage(raw: Buffer | string): {
  root: MimePart;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
} {
  const root = parseMime(raw);
  let text: string | null = null;
  let html: string | null = null;
  const attachments: Array<{ filename: string; contentType: string; content: string }> = [];
  for (const leaf of leaves(root)) {
    const type = parseParams(header(leaf, 'content-type') ?? 'text/plain');
    const disposition = header(leaf, 'content-disposition');
    if (disposition && /^attachment/i.test(disposition)) {
      attachments.push({ filename: parseParams(disposition).params.get('filename') ?? '', contentType: type.value, content: leaf.body.toString('utf8') });
    } else if (type.value === 'text/plain' && text === null) {
      text = leaf.body.toString('utf8');
    } else if (type.value === 'text/html' && html === null) {
      html = leaf.body.toString('utf8');
    }
  }
  if (text === null) throw new Error('no text/plain part');
  return { root, text, html, attachments };
}
