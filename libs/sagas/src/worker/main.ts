import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, prepareDataDir } from '@pfw/config';
import { SagaWorkerModule } from './saga-worker.module';

/**
 * `node dist/libs/sagas/src/worker/main.js`: runs the sagas until SIGTERM/SIGINT (the same environment as
 * the api: DATA_DIR, EVENT_STORE, READ_MODEL_URL, CLOCK, PUBLIC_BASE_URL). Prints `sagas running` once up.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  prepareDataDir(config.dataDir);
  const quiet = config.logLevel === 'silent';
  const app = await NestFactory.createApplicationContext(SagaWorkerModule.forRoot(config), {
    logger: quiet ? false : ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write('sagas running\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`saga worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
