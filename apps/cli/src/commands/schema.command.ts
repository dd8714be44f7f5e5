import { writeFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { printApiSchema } from '@pfw/graphql';

/** `schema [--out schema.graphql]`: prints the public GraphQL schema (SDL), or writes it to a file. */
@Command({ name: 'schema', description: 'print the GraphQL schema (SDL), or write it with --out' })
export class SchemaCommand extends CommandRunner {
  async run(_args: string[], options: { out?: string }): Promise<void> {
    const sdl = await printApiSchema();
    if (options.out) writeFileSync(options.out, sdl);
    else process.stdout.write(sdl);
  }

  @Option({ flags: '--out <file>', description: 'write the schema to this file' })
  parseOut(value: string): string {
    return value;
  }
}
