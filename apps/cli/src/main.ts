import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit, prepareDataDir } from '@pfw/config';
import { CliModule } from './cli.module';
import { CLI_NAME } from './program-name';

/**
 * Commander reports a displayed help or version as an "error" with one of these codes (it exits through
 * exitOverride, which nest-commander sets): they are answers, not failures, so the exit code is 0 and nothing more
 * is printed — commander has already written the help.
 */
const ANSWERED = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

function fail(err: unknown): never {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ANSWERED.has(code)) process.exit(0);
  // Commander has printed its own usage error (unknown command, missing argument): exit without repeating it.
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(1);
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  prepareDataDir(config.dataDir);
  await CommandFactory.run(CliModule.forRoot(config), {
    cliName: CLI_NAME,
    logger: ['error', 'warn'],
    errorHandler: fail,
    serviceErrorHandler: fail,
  });
}

main().catch(fail);
