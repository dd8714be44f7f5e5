'use strict';
/**
 * A GraphQL server for the HTTP workload, in its own process, on 127.0.0.1 (an ephemeral port):
 * `product` — the api process of a scaled deployment: createApp(config) as `npm start` builds it, with ROLE=api
 * (it answers HTTP and runs the projections its read-your-writes waits on; the sagas, the audit follower and the
 * local CA's order processing belong to ROLE=worker, so they do not run here);
 * `bare` — servers/bare-app.ts, its Map filled from the product's contracts read model (the same contracts,
 * presented by the product's presenter). Tells the parent { port } once it answers; stops on SIGTERM.
 * Request logs (pino, level info, as in production) go to this process's stdout, which the parent discards.
 *
 * argv: JSON { kind: 'product' | 'bare', dataDir, keys } (keys: the key files' directory, lib/product.js benchKeys)
 */
require('reflect-metadata');
const { productConfig } = require('../lib/product');

async function main() {
  const args = JSON.parse(process.argv[2]);
  // RATE_LIMIT_PER_MINUTE=0: the load comes from one principal (one token) at hundreds of requests a second.
  const config = productConfig({ DATA_DIR: args.dataDir, LOG_LEVEL: 'info', PORT: '0', ROLE: 'api', RATE_LIMIT_PER_MINUTE: '0' }, args.keys);
  let app;
  if (args.kind === 'product') {
    const { createApp } = require('../../apps/api/src/bootstrap');
    const { ProjectionRegistry } = require('@pfw/read-models');
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    // Ready once the projections have caught up with the log (the read model answers every contract).
    const registry = app.get(ProjectionRegistry);
    for (;;) {
      const statuses = await registry.status();
      if (statuses.every((s) => s.state === 'live' && s.lag === 0n)) break;
      if (statuses.some((s) => s.state === 'failed')) throw new Error(`projection failed: ${JSON.stringify(statuses.map((s) => s.failure))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } else {
    const Database = require('better-sqlite3');
    const path = require('node:path');
    const { presentContract } = require('../../libs/graphql/src/presenters/contract.presenter');
    const { createBareApp, CONTRACTS } = require('./bare-app.ts');
    const db = new Database(path.join(args.dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
    const now = new Date();
    for (const row of db.prepare('SELECT id, view FROM contracts').iterate()) CONTRACTS.set(row.id, presentContract(JSON.parse(row.view), now));
    db.close();
    app = await createBareApp(config);
    await app.listen(0, '127.0.0.1');
  }
  const { port } = app.getHttpServer().address();
  // BENCH_PROFILE=DIR: a CPU profile of everything after start-up, written when the parent stops the server.
  let profile = null;
  if (process.env.BENCH_PROFILE) {
    const { profiled } = require('../lib/profiler');
    let stop;
    const stopped = new Promise((resolve) => (stop = resolve));
    profile = { stop, done: profiled(`server-${args.kind}-${process.pid}`, () => stopped) };
  }
  process.on('SIGTERM', async () => {
    if (profile) {
      profile.stop();
      await profile.done;
    }
    app.close().finally(() => process.exit(0));
  });
  // Questions from the parent: { question: 'memory' | 'cpu' | 'prepare' | 'drive', args } ('cpu': this process's
  // CPU time so far, µs, all threads — the GraphQL workload's CPU per request, which waiting for a core leaves out).
  const driver = args.kind === 'product' ? require('./fanout-driver').fanoutDriver(app) : null;
  process.on('message', async (m) => {
    if (!m || m.question === undefined) return;
    try {
      let answer;
      if (m.question === 'cpu') {
        const { user, system } = process.cpuUsage();
        answer = user + system;
      } else if (m.question === 'memory') {
        globalThis.gc?.();
        answer = process.memoryUsage();
      } else if (m.question === 'prepare') answer = await driver.prepare(m.args);
      else if (m.question === 'drive') answer = await driver.drive(m.args);
      else throw new Error(`unknown question ${m.question}`);
      process.send({ answer });
    } catch (err) {
      process.send({ answer: { failed: err instanceof Error ? err.stack : String(err) } });
    }
  });
  process.send({ ready: true, port });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
