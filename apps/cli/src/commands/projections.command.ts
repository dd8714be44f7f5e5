import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ProjectionRegistry } from '@pfw/read-models';
import { progress } from '../progress';

/**
 * `projections rebuild [--only NAME]`: replays the whole log into fresh tables with a progress bar, then swaps
 * them in; a running api keeps answering from the old tables until the swap.
 */
@SubCommand({ name: 'rebuild', description: 'replay the whole log into fresh read-model tables, then swap them in' })
export class ProjectionsRebuildCommand extends CommandRunner {
  constructor(private readonly registry: ProjectionRegistry) {
    super();
  }

  async run(_args: string[], options: { only?: string }): Promise<void> {
    const names = options.only ? [options.only] : this.registry.names();
    for (const name of names) {
      if (!this.registry.names().includes(name)) throw new Error(`no projection named ${name} (known: ${this.registry.names().join(', ')})`);
      const bar = progress(`rebuilding ${name}`, 1, 'positions');
      const started = Date.now();
      const result = await this.registry.rebuild(name, (done, total) => bar.update(done, total));
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `${name}: ${result.events} events replayed in ${seconds.toFixed(1)} s, swapped in at position ${result.position ?? 'start'} (generation ${result.generation})\n`,
      );
    }
  }

  @Option({ flags: '--only <name>', description: 'rebuild only this projection' })
  parseOnly(value: string): string {
    return value;
  }
}

@Command({ name: 'projections', description: 'maintain the read models', subCommands: [ProjectionsRebuildCommand] })
export class ProjectionsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
