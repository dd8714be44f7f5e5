'use strict';
/**
 * Rebuild, the product: `projections rebuild --only contracts` without the progress bar — the CLI's own
 * application context (CliModule: the SQLite event store, the encrypting serializer and its key store, the
 * read models with the contracts projection) and ProjectionRegistry.rebuild('contracts'), which replays the
 * whole log into fresh tables in 1,000-event transactions and swaps them in.
 *
 * argv: JSON { dataDir }. Reports events/s and this process's peak RSS (process.resourceUsage().maxRSS).
 */
require('reflect-metadata');
const { done, since } = require('../lib/worker');
const { profiled } = require('../lib/profiler');
const { productConfig } = require('../lib/product');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { NestFactory } = require('@nestjs/core');
  const { ProjectionRegistry, CONTRACTS_PROJECTION_NAME } = require('@pfw/read-models');
  const { CliModule } = require('../../apps/cli/src/cli.module');
  const ctx = await NestFactory.createApplicationContext(CliModule.forRoot(productConfig({ DATA_DIR: args.dataDir })), { logger: false });
  await ctx.init();
  const registry = ctx.get(ProjectionRegistry);
  const start = process.hrtime.bigint();
  const result = await profiled(`rebuild-product-${args.tag ?? 'run'}`, () => registry.rebuild(CONTRACTS_PROJECTION_NAME));
  const seconds = since(start);
  await ctx.close();
  return { events: result.events, seconds, perSecond: result.events / seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

done(main);
