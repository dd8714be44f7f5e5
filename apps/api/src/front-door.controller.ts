import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@pfw/config';

/** One place a newcomer can go: what this server offers and where. */
export interface FrontDoor {
  readonly service: string;
  readonly console: string;
  readonly graphql: string;
  /** The development GraphQL IDE; null in production. */
  readonly graphqlIde: string | null;
  readonly health: string;
  readonly ca: { readonly certificate: string; readonly crl: string };
  readonly docs: string;
  readonly signIn: string;
}

export function frontDoor(production: boolean): FrontDoor {
  return {
    service: 'Passport for Web — registration authority backend',
    console: '/admin',
    graphql: '/graphql',
    graphqlIde: production ? null : '/graphiql',
    health: '/health',
    ca: { certificate: '/ca/certificate', crl: '/ca/crl' },
    docs: 'README.md in the repository (start, configuration, the ten-minute tour); API.md for the public interface',
    signIn: production
      ? 'every call but /, /health and /ca/* needs Authorization: Bearer <JWT> from your identity provider'
      : 'every call but /, /health and /ca/* needs Authorization: Bearer <JWT>; the start printed a development admin token, and `npm run cli -- token --role screener` mints others',
  };
}

/**
 * The line a start ends with: where a person goes next (PUBLIC_BASE_URL: localhost in development), not the
 * socket's address (an IPv6 literal on many hosts).
 */
export function startBanner(config: AppConfig, port: number): string {
  // PORT=0 takes a free port: the configured base names port 0, the socket the real one.
  const base = config.port === 0 ? `http://localhost:${port}` : config.publicBaseUrl.replace(/\/+$/, '');
  const door = frontDoor(config.nodeEnv === 'production');
  const where = [`the console ${base}${door.console}/`, ...(door.graphqlIde ? [`the GraphQL IDE ${base}${door.graphqlIde}`] : []), `the front door ${base}/`];
  return `listening on port ${port}: ${where.join(', ')} (event store: ${config.eventStore === 'sqlite' ? 'sqlite' : 'eventstoredb'}, data: ${config.dataDir})`;
}

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(door: FrontDoor): string {
  const link = (href: string, label: string): string => `<li><a href="${escape(href)}">${escape(label)}</a> <code>${escape(href)}</code></li>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Passport for Web</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}code{background:#f2f2f2;padding:0 .25em}a:focus{outline:3px solid #1a73e8}</style>
</head><body>
<h1>Passport for Web</h1>
<p>${escape(door.service)}.</p>
<ul>
${link(door.console, 'Staff console')}
${door.graphqlIde ? link(door.graphqlIde, 'GraphQL IDE (development)') : ''}
<li>GraphQL: <code>POST ${escape(door.graphql)}</code></li>
${link(door.health, 'Health')}
${link(door.ca.certificate, 'CA certificate')}
${link(door.ca.crl, 'CRL')}
</ul>
<p>${escape(door.signIn)}.</p>
<p>Documentation: ${escape(door.docs)}.</p>
</body></html>
`;
}

/**
 * `GET /` (public): where to go — a small page for a browser, the same facts as JSON for anything else.
 * It names paths only; nothing about the deployment's state.
 */
@Controller()
export class FrontDoorController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  index(@Headers('accept') accept: string | undefined, @Res() res: Response): void {
    const door = frontDoor(this.config.nodeEnv === 'production');
    if ((accept ?? '').includes('text/html')) res.type('html').send(page(door));
    else res.json(door);
  }
}
