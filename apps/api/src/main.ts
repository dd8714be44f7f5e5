import 'reflect-metadata';
import { ConfigError, loadConfig } from '@pfw/config';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`listening on ${await app.getUrl()} (event store: ${config.eventStore === 'sqlite' ? 'sqlite' : 'eventstoredb'}, data: ${config.dataDir})`, 'Bootstrap');
}

main().catch((err: unknown) => {
  // One line, no stack: the structured log (if it got that far) has the details.
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
