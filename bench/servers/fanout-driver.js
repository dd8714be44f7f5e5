'use strict';
/**
 * The command side of the live fan-out workload, inside the product's server process (servers/serve.js): the
 * commands a screening desk sends — submitApplication (the contract enters SCREENING_QUEUE) and passScreening (it
 * leaves) — through the CommandBus at a fixed rate, open loop (a command is sent at its time whether or not the
 * ones before have finished). Answers when each append was acknowledged, on the machine's monotonic clock
 * (process.hrtime, comparable across processes), by the change it makes to the list (contract id, entered).
 */
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { contractSteps } = require('../lib/mix');

function fanoutDriver(app) {
  const { CommandBus } = require('@nestjs/cqrs');
  const { SubmitApplicationCommand, ExecuteContractCommand } = require('@pfw/application');
  const { DocumentStore } = require('@pfw/documents');
  const { DEFAULT_POLICY } = require('@pfw/domain');
  const bus = app.get(CommandBus);
  const documents = app.get(DocumentStore);
  let plans = [];

  const send = async (step, contractId) => {
    const meta = { actor: step.actor, correlationId: randomUUID(), causationId: null, idempotencyKey: step.key };
    const result = step.kind === 'submit'
      ? await bus.execute(new SubmitApplicationCommand(step.input(), meta))
      : await bus.execute(new ExecuteContractCommand(step.input(contractId), meta));
    // The change this command makes to SCREENING_QUEUE: the contract enters (a submit) or leaves (a screening).
    return { contractId: result.contractId, change: `${result.contractId}:${step.kind === 'submit'}`, at: process.hrtime.bigint().toString() };
  };

  return {
    /** Untimed: the uploads every application names, as POST /documents stores them. */
    async prepare({ fixtures, contracts, tag }) {
      const f = JSON.parse(fs.readFileSync(fixtures, 'utf8'));
      if (f.contracts.length < contracts) throw new Error(`fixtures hold ${f.contracts.length} contracts, need ${contracts}`);
      plans = [];
      for (let i = 0; i < contracts; i++) {
        const documentIds = [];
        for (const kind of DEFAULT_POLICY.requiredDocuments.CORPORATION) {
          const staged = await documents.stageBuffer(Buffer.from(`%PDF-1.4\n% ${kind} ${i} ${randomUUID()}\n%%EOF\n`));
          documentIds.push((await documents.add(staged, kind, 'bench')).id);
        }
        const c = f.contracts[i];
        plans.push(contractSteps(i, { fqdn: c.fqdn, csrPem: c.csrPem, documentIds }, f.cert, tag).slice(0, 2));
      }
      return { contracts: plans.length };
    },
    /**
     * `rate` commands a second for `seconds`: submits until `queued` contracts wait, then every other one a
     * submit and the others a screening of the oldest waiting — each contract stays in the queue about
     * queued × 2 / rate seconds, long enough for the read model to show it there (a contract that entered and left
     * between two reads of the list is no change of it).
     */
    async drive({ rate, seconds, queued = 50 }) {
      const slots = Math.min(Math.floor(rate * seconds), 2 * plans.length);
      const submitted = [];
      const inFlight = [];
      const appends = [];
      const errors = [];
      const start = performance.now();
      let submits = 0;
      let passes = 0;
      for (let slot = 0; slot < slots; slot++) {
        const due = start + (slot * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (submits < plans.length && (submits - passes < queued || slot % 2 === 0)) {
          const plan = plans[submits++];
          const p = send(plan[0]);
          submitted.push({ plan, result: p });
          inFlight.push(p.then((a) => appends.push(a), (e) => errors.push(String(e))));
        } else {
          const target = submitted[passes++];
          inFlight.push(
            target.result
              .then((s) => send(target.plan[1], s.contractId))
              .then((a) => appends.push(a), (e) => errors.push(String(e))),
          );
        }
      }
      const sentSeconds = (performance.now() - start) / 1000;
      await Promise.all(inFlight);
      return { appends, errors: errors.slice(0, 5), errorCount: errors.length, sentSeconds, commands: slots };
    },
  };
}

module.exports = { fanoutDriver };
