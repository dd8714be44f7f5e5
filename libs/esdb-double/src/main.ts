/**
 * Standalone EventStoreDB double for local trials without Docker: `npm run esdb-double`
 * (ESDB_DOUBLE_PORT picks the port, default 2113). Data lives in memory until the process stops.
 */
import { startEsdbDouble } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.ESDB_DOUBLE_PORT ?? 2113);
  const double = await startEsdbDouble({ port });
  process.stdout.write(`EventStoreDB double listening: EVENT_STORE=${double.url}\n`);
  const shutdown = () => {
    void double.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`esdb-double failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
