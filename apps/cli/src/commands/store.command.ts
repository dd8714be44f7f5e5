import { Inject } from '@nestjs/common';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { EVENT_STORE, EventStore } from '@pfw/event-store';

@SubCommand({ name: 'head', description: 'print the position of the last event in the log' })
export class StoreHeadCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }
  async run(): Promise<void> {
    const head = await this.store.headPosition();
    process.stdout.write(`${head === null ? 'empty' : head.toString()}\n`);
  }
}

@Command({ name: 'store', description: 'inspect the event store', subCommands: [StoreHeadCommand] })
export class StoreCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
