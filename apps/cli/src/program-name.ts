import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';

/** The name the help text introduces the command line by (`npm run cli` runs it). */
export const CLI_NAME = 'passport-for-web';

/** What this module needs of commander's root program. */
interface RootProgram {
  name(name: string): unknown;
  description(text: string): unknown;
}

/**
 * Names the root program: commander takes its name from the script file otherwise, and `--help` said "Usage: main".
 */
@Injectable()
export class ProgramName implements OnModuleInit {
  constructor(@InjectCommander() private readonly program: RootProgram) {}

  onModuleInit(): void {
    this.program.name(CLI_NAME);
    this.program.description('Passport for Web — the registration authority backend: tokens, demo data, the event store, projections, the audit log');
  }
}
