import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { APP_CONFIG, AppConfig } from '@pfw/config';
import { mintCliToken } from '@pfw/auth';

interface TokenOptions {
  role?: string[];
  sub?: string;
  ttl?: string;
}

/**
 * `npm run cli -- token --role R [--role R2] [--sub S] [--ttl 8h]`: prints a signed HS256 token the api
 * accepts (AUTH_JWT_SECRET, or the development secret under DATA_DIR). Only the token goes to stdout.
 */
@Command({ name: 'token', description: 'mint a development token (HS256) for the api' })
export class TokenCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], options: TokenOptions = {}): Promise<void> {
    if (this.config.nodeEnv === 'production') {
      process.stderr.write('warning: NODE_ENV=production — this token is signed with the production AUTH_JWT_SECRET\n');
    }
    const token = await mintCliToken(this.config, { roles: options.role ?? [], sub: options.sub, ttl: options.ttl });
    process.stdout.write(`${token}\n`);
  }

  @Option({ flags: '-r, --role <role>', description: 'screener, billing, operator, admin or auditor (repeatable)' })
  parseRole(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '-s, --sub <sub>', description: 'the staff id (the token subject); default dev-cli' })
  parseSub(value: string): string {
    return value;
  }

  @Option({ flags: '-t, --ttl <ttl>', description: 'lifetime: 90s, 30m, 8h (default) or 7d, at most 30d' })
  parseTtl(value: string): string {
    return value;
  }
}
