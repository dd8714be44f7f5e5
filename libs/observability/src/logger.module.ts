import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import pinoPretty from 'pino-pretty';
import type { AppConfig } from '@pfw/config';

/** Keys whose values are personal data: blanked wherever a log object carries them. */
const PERSONAL_KEYS = [
  'applicant', 'contact', 'email', 'phone', 'recipient', 'representativeName', 'organizationName', 'corporateNumber',
  'address', 'deliveryAddress', 'postalCode', 'street', 'city', 'csrPem', 'note', 'variables', 'body', 'query',
];

/**
 * Paths pino blanks out of every log line: credentials and anything a customer typed in. Request bodies and
 * GraphQL variables are never logged (the request serializer keeps id, method and path only); the personal keys
 * are blanked at the first three levels of any object a library logs, in case one ever carries them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  ...PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/**
 * The URL as logged: the path without its query string. A GraphQL query sent with GET carries its variables
 * (an organization name, an e-mail to search for) in the query string; nothing of it reaches the log.
 */
export function loggedUrl(url: string | undefined): string {
  if (!url) return '';
  const cut = url.indexOf('?');
  return cut < 0 ? url : `${url.slice(0, cut)}?[redacted]`;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, else a fresh UUID; echoed back in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * The destination of `pretty` logs: the same records, redacted the same way, written as coloured lines for a
 * person at a terminal (synchronously, so a crash's last lines are not lost in a buffer).
 */
export function prettyDestination(colorize = true): NodeJS.WritableStream {
  return pinoPretty({
    colorize,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
}

/** Structured logs (pino), one line per request with its id; no secrets. JSON lines unless LOG_FORMAT=pretty. */
@Module({})
export class ObservabilityModule {
  static forRoot(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): DynamicModule {
    const options: Options = {
      level: config.logLevel,
      genReqId: requestId,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req) => req.url === '/health' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
      },
    };
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp: config.logFormat === 'pretty' ? [options, prettyDestination()] : options })],
      exports: [LoggerModule],
    };
  }
}
