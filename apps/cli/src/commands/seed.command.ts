import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { mintCliToken } from '@pfw/auth';
import { APP_CONFIG, AppConfig } from '@pfw/config';
import { demoPlan, HttpDemoApi, seedDemoData } from '@pfw/demo-data';
import { progress } from '../progress';

interface SeedOptions {
  contracts?: number;
  seed?: number;
  url?: string;
  allowProduction?: boolean;
}

const wholeNumber = (flag: string, min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
};

/**
 * `npm run cli -- seed --contracts N [--seed S]`: demo data for the console, a demo or a training session, written
 * through the running service's API (CLOCK=simulated) — never into tables. Refused against a production
 * configuration unless told explicitly.
 */
@Command({ name: 'seed', description: 'write demo contracts in every state through the running service (CLOCK=simulated)' })
export class SeedCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], options: SeedOptions = {}): Promise<void> {
    if (this.config.nodeEnv === 'production' && !options.allowProduction) {
      throw new Error('NODE_ENV=production: demo data is for development, demos and training; add --allow-production if you really mean it');
    }
    const plan = demoPlan(options.contracts ?? 30, options.seed ?? 1);
    const url = options.url ?? `http://127.0.0.1:${this.config.port}`;
    const token = await mintCliToken(this.config, { roles: ['screener', 'billing', 'operator', 'admin'], sub: 'demo-seeder', ttl: '2h' });
    process.stderr.write(`seeding ${plan.contracts.length} contracts (seed ${plan.seed}) through ${url}\n`);
    const bar = progress('seeding', 0, 'steps');
    const result = await seedDemoData(new HttpDemoApi(url, token), plan, { onProgress: (done, total) => bar.update(done, total) }).finally(() => bar.stop());
    const byState = new Map<string, number>();
    for (const c of result.contracts) byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
    const lines = [...byState].map(([state, count]) => `  ${state.padEnd(26)} ${count}`);
    process.stdout.write(`${result.contracts.length} contracts, the simulated clock now at ${result.clockAt}\n${lines.join('\n')}\n`);
  }

  @Option({ flags: '-n, --contracts <n>', description: 'how many contracts (default 30; 17 or more reach every state)' })
  parseContracts(value: string): number {
    return wholeNumber('--contracts', 1, 10_000)(value);
  }

  @Option({ flags: '-s, --seed <s>', description: 'the same seed plans the same contracts (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber('--seed', 0, 0xffffffff)(value);
  }

  @Option({ flags: '-u, --url <url>', description: 'the running service (default http://127.0.0.1:$PORT)' })
  parseUrl(value: string): string {
    return value;
  }

  @Option({ flags: '--allow-production', description: 'seed even though NODE_ENV=production' })
  parseAllowProduction(): boolean {
    return true;
  }
}
