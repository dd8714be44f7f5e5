import 'reflect-metadata';
import { loadConfigOrExit } from '@pfw/config';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`listening on ${await app.getUrl()} (event store: ${config.eventStore === 'sqlite' ? 'sqlite' : 'eventstoredb'}, data: ${config.dataDir})`, 'Bootstrap');
}

main().catch((err: unknown) => {
  // One line, no stack: the structured log (if it got that far) has the details.
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
