import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit } from '@pfw/config';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
    serviceErrorHandler: (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
