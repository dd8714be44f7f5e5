'use strict';
/**
 * Command path, the product: the api application exactly as apps/api wires it (createApp(config): the
 * embedded SQLite event store, the encrypting serializer, the document catalog, the @nestjs/cqrs handlers …),
 * initialised but not listening, with ROLE=api (no audit follower) and its projection runners stopped, so that
 * only the command side runs; the mix of lib/mix.js goes through the CommandBus one command at a time, as
 * SubmitApplicationCommand / ExecuteContractCommand. Projections are measured by the rebuild and GraphQL
 * workloads.
 *
 * argv: JSON { dataDir, keys, fixtures, contracts, warmup, tag, offset, capture?, concurrency? } (keys: lib/product.js benchKeys)
 * `concurrency` (default 1): that many contracts go through at once, each its own sequence of commands, as
 * several admin UIs and the sagas would send them; the event store then groups the appends that arrive
 * together into one transaction.
 * Reports commands/s over the timed contracts, the CPU time (user + system, all threads) per command over the
 * same section (on a shared machine the wall time also counts waits for a core; the CPU time does not), how much
 * of that time the CSR checks of the submits take (parseCsr on the same PEMs, timed separately after the run)
 * and the store's group commits (transactions for how many appends).
 */
require('reflect-metadata');
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { done, since, cpuSince } = require('../lib/worker');
const { contractSteps } = require('../lib/mix');
const { profiled } = require('../lib/profiler');
const { productConfig } = require('../lib/product');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { CommandBus } = require('@nestjs/cqrs');
  const { SubmitApplicationCommand, ExecuteContractCommand } = require('@pfw/application');
  const { DocumentStore } = require('@pfw/documents');
  const { DEFAULT_POLICY, parseCsr } = require('@pfw/domain');
  const { EVENT_STORE } = require('@pfw/event-store');
  const { ProjectionRegistry } = require('@pfw/read-models');
  const { createApp } = require('../../apps/api/src/bootstrap');

  const app = await createApp(productConfig({ DATA_DIR: args.dataDir, ROLE: 'api', LOG_LEVEL: 'silent' }, args.keys));
  await app.init();
  await app.get(ProjectionRegistry).stopAll();
  const bus = app.get(CommandBus);
  const store = app.get(EVENT_STORE);
  const documents = app.get(DocumentStore);
  const fixtures = JSON.parse(fs.readFileSync(args.fixtures, 'utf8'));
  const total = args.warmup + args.contracts;
  if (fixtures.contracts.length < total) throw new Error(`fixtures hold ${fixtures.contracts.length} contracts, need ${total}`);

  // Untimed set-up: the documents every application names, uploaded as POST /documents would store them.
  const kinds = DEFAULT_POLICY.requiredDocuments.CORPORATION;
  const plans = [];
  for (let i = 0; i < total; i++) {
    const f = fixtures.contracts[i];
    const documentIds = [];
    for (const kind of kinds) {
      const staged = await documents.stageBuffer(Buffer.from(`%PDF-1.4\n% ${kind} ${i} ${randomUUID()}\n%%EOF\n`));
      documentIds.push((await documents.add(staged, kind, 'bench')).id);
    }
    plans.push(contractSteps(args.offset + i, { fqdn: f.fqdn, csrPem: f.csrPem, documentIds }, fixtures.cert, args.tag));
  }

  const runContract = async (steps) => {
    let contractId = null;
    for (const step of steps) {
      const meta = { actor: step.actor, correlationId: randomUUID(), causationId: null, idempotencyKey: step.key };
      if (step.kind === 'submit') {
        contractId = (await bus.execute(new SubmitApplicationCommand(step.input(), meta))).contractId;
      } else {
        await bus.execute(new ExecuteContractCommand(step.input(contractId), meta));
      }
    }
    return steps.length;
  };

  for (let i = 0; i < args.warmup; i++) await runContract(plans[i]);
  const headBefore = await store.headPosition();
  const groupsBefore = store.groupCommitStats;
  let commands = 0;
  const lanes = args.concurrency ?? 1;
  let next = args.warmup;
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      const ran = await runContract(plans[i]); // not `commands += await …`: that reads `commands` before the await
      commands += ran;
    }
  };
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await profiled(`command-product-${args.tag}`, () => Promise.all(Array.from({ length: lanes }, lane)));
  const cpuSeconds = cpuSince(cpuStart);
  const seconds = since(start);
  const groupsAfter = store.groupCommitStats;
  const headAfter = await store.headPosition();

  // What the submits' CSR checks cost on their own (the same PEMs, the same parseCsr the handler calls).
  const csrStart = process.hrtime.bigint();
  for (let i = args.warmup; i < total; i++) {
    const r = await parseCsr(fixtures.contracts[i].csrPem, 'csrPem');
    if (!r.ok) throw r.error;
  }
  const csrSeconds = since(csrStart);
  if (args.capture) capture(store.database, headBefore ?? 0n, args.capture);
  await app.close();
  return {
    commands,
    seconds,
    perSecond: commands / seconds,
    cpuSeconds,
    cpuUsPerCommand: (cpuSeconds / commands) * 1e6,
    events: Number(headAfter - (headBefore ?? 0n)),
    csrSeconds,
    perSecondWithoutCsr: commands / (seconds - csrSeconds),
    concurrency: lanes,
    transactions: groupsAfter.transactions - groupsBefore.transactions,
    appends: groupsAfter.appends - groupsBefore.appends,
    largestGroup: groupsAfter.largestGroup,
  };
}

/**
 * Writes the timed run's appends for the raw ceiling: per command (one correlation id each), its stream and
 * the rows exactly as stored (type, data and metadata JSON text).
 */
function capture(db, after, file) {
  const rows = db.prepare('SELECT stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position').all(Number(after));
  const commands = [];
  let last = null;
  for (const row of rows) {
    const correlation = JSON.parse(row.metadata).correlationId;
    if (!last || last.correlation !== correlation || last.streamId !== row.stream_id) {
      last = { correlation, streamId: row.stream_id, events: [] };
      commands.push(last);
    }
    last.events.push({ type: row.type, data: row.data, metadata: row.metadata });
  }
  fs.writeFileSync(file, JSON.stringify(commands.map(({ streamId, events }) => ({ streamId, events }))));
}

done(main);
