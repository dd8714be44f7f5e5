'use strict';
/**
 * Rebuild, the product: `projections rebuild --only contracts` without the progress bar — the CLI's own
 * application context (CliModule: the SQLite event store, the encrypting serializer and its key store, the
 * read models with the contracts projection) and ProjectionRegistry.rebuild('contracts'), which replays the
 * whole log into fresh tables in 1,000-event transactions and swaps them in.
 *
 * argv: JSON { dataDir, keys, eventStore? } (keys: the directory of the key files the log was generated under;
 * eventStore: an EVENT_STORE connection string to read the log from instead of DATA_DIR's SQLite file). Reports events/s and this process's peak RSS (process.resourceUsage().maxRSS).
 */
require('reflect-metadata');
const { done, since, cpuSince } = require('../lib/worker');
const { profiled } = require('../lib/profiler');
const { productConfig, cliContext } = require('../lib/product');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { ProjectionRegistry, CONTRACTS_PROJECTION_NAME } = require('@pfw/read-models');
  const ctx = await cliContext(productConfig({ DATA_DIR: args.dataDir, ...(args.eventStore ? { EVENT_STORE: args.eventStore } : {}) }, args.keys));
  const registry = ctx.get(ProjectionRegistry);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await profiled(`rebuild-product-${args.tag ?? 'run'}`, () => registry.rebuild(CONTRACTS_PROJECTION_NAME));
  const seconds = since(start);
  const cpuSeconds = cpuSince(cpu);
  await ctx.close();
  return { events: result.events, seconds, perSecond: result.events / seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

done(main);
