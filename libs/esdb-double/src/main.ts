/**
 * Standalone EventStoreDB double for local trials without Docker: `npm run esdb-double`
 * (ESDB_DOUBLE_PORT picks the port, default 2113; 0 a free one). Data lives in memory until the process stops.
 * ESDB_DOUBLE_TLS_CERT_FILE, ESDB_DOUBLE_TLS_KEY_FILE and ESDB_DOUBLE_TLS_CA_FILE (PEM) make it a secure node
 * with the default users (admin and ops, password changeit).
 */
import { readFileSync } from 'node:fs';
import type { EsdbDoubleSecurity } from './security';
import { startEsdbDouble } from './server';

function securityFromEnv(): EsdbDoubleSecurity | undefined {
  const { ESDB_DOUBLE_TLS_CERT_FILE: cert, ESDB_DOUBLE_TLS_KEY_FILE: key, ESDB_DOUBLE_TLS_CA_FILE: ca } = process.env;
  if (!cert || !key || !ca) return undefined;
  return {
    caPem: readFileSync(ca, 'utf8'),
    caFile: ca,
    certificatePem: readFileSync(cert, 'utf8'),
    privateKeyPem: readFileSync(key, 'utf8'),
    users: new Map([
      ['admin', 'changeit'],
      ['ops', 'changeit'],
    ]),
  };
}

async function main(): Promise<void> {
  const port = Number(process.env.ESDB_DOUBLE_PORT ?? 2113);
  const double = await startEsdbDouble({ port, security: securityFromEnv() });
  process.stdout.write(`EventStoreDB double listening: EVENT_STORE=${double.url}\n`);
  // SIGINT/SIGTERM (Ctrl-C, `docker stop`): a graceful stop, as a node does; SIGKILL is the crash.
  const shutdown = () => {
    void double.stop({ graceful: true }).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`esdb-double failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
