import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '@pfw/config';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap';
import { startBanner } from './front-door.controller';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  app.get(Logger).log(startBanner(config, port), 'Bootstrap');
}

main().catch((err: unknown) => {
  // One line, no stack: the structured log (if it got that far) has the details.
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
