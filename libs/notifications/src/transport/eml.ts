import nodemailer from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { toMailOptions } from './mail-options';
import type { OutgoingMessage } from './port';

const COMPOSER_OPTIONS: StreamTransport.Options = { streamTransport: true, buffer: true, newline: 'windows' }; // no logger: nodemailer stays silent
const composer = nodemailer.createTransport(COMPOSER_OPTIONS);

/** The message as RFC 5322 bytes (CRLF line ends, MIME, UTF-8 encoded), as it would go over SMTP. */
export async function buildEml(message: OutgoingMessage, defaultFrom: string): Promise<Buffer> {
  const info = await composer.sendMail(toMailOptions(message, defaultFrom));
  const out: unknown = info.message;
  if (!Buffer.isBuffer(out)) throw new Error('nodemailer stream transport did not return a buffer');
  return out;
}
