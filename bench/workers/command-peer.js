'use strict';
/**
 * Command path, the peer: Emmett 0.38.5 — its SQLite event store (`@event-driven-io/emmett-sqlite`, node-sqlite3,
 * WAL; SQLite's default synchronous=FULL, which it keeps) and its CommandHandler (aggregate the stream with
 * `evolve`, run the handler, append with the expected stream version, retry on a version conflict).
 *
 * The business work is ours, so that only the event-sourcing machinery differs: the same mix (lib/mix.js),
 * the same pure deciders of libs/domain (decideContract / evolveContract), the same per-submit CSR check
 * (parseCsr, as the product's handler does it) and the same stored JSON (the event schemas' codecs of
 * libs/event-serialization for data and metadata). What the product does on top and Emmett does not: the
 * service-stream read (Art. 6, 13), document-catalog lookups, idempotent event ids, field encryption of
 * personal data (issue 8) and @nestjs/cqrs dispatch.
 *
 * argv: JSON { dataDir, fixtures, contracts, warmup, tag, offset }
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID, createHash } = require('node:crypto');
const { done, since } = require('../lib/worker');
const { contractSteps } = require('../lib/mix');
const { profiled } = require('../lib/profiler');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { CommandHandler } = require('@event-driven-io/emmett');
  const { getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite');
  const { DEFAULT_POLICY, decideContract, evolveContract, initialContractState, parseApplication, parseCsr } = require('@pfw/domain');
  const { EVENT_SCHEMAS, METADATA_CODEC, CURRENT_SCHEMA_VERSIONS } = require('@pfw/event-serialization');

  fs.mkdirSync(args.dataDir, { recursive: true });
  const eventStore = getSQLiteEventStore({ fileName: path.join(args.dataDir, 'emmett.sqlite') });

  // Emmett keeps the JSON it is given; evolve reads it back through the same schema codec the product uses.
  const evolve = (state, event) => evolveContract(state, { type: event.type, data: EVENT_SCHEMAS[event.type].decode(event.data, 'data') });
  const handle = CommandHandler({ evolve, initialState: () => initialContractState, mapToStreamId: (id) => `contract-${id}` });

  const fixtures = JSON.parse(fs.readFileSync(args.fixtures, 'utf8'));
  const total = args.warmup + args.contracts;
  const kinds = DEFAULT_POLICY.requiredDocuments.CORPORATION;
  const plans = [];
  for (let i = 0; i < total; i++) {
    const f = fixtures.contracts[i];
    const documents = kinds.map((kind) => ({ id: randomUUID(), kind, sha256: createHash('sha256').update(`${kind}-${i}`).digest('hex') }));
    plans.push({ steps: contractSteps(args.offset + i, { fqdn: f.fqdn, csrPem: f.csrPem, documentIds: [] }, fixtures.cert, args.tag), documents });
  }

  const toEmmett = (events, envelopeOf) =>
    events.map((e, index) => {
      const envelope = envelopeOf(index);
      return {
        type: e.type,
        data: EVENT_SCHEMAS[e.type].encode(e.data, 'data'),
        metadata: METADATA_CODEC.encode({ ...envelope, schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type], personalDataFormat: 1 }, 'metadata'),
      };
    });

  let busyRetries = 0;
  const runContract = async ({ steps, documents }) => {
    let contractId = null;
    for (const step of steps) {
      const input = step.kind === 'submit' ? step.input() : step.input(contractId);
      const at = new Date();
      const correlationId = randomUUID();
      const envelopeOf = () => ({
        eventId: randomUUID(), actor: step.actor, correlationId, causationId: null, commandName: '', occurredAt: at, termsVersion: '1',
      });
      let command;
      if (step.kind === 'submit') {
        const csr = await parseCsr(input.csrPem, 'csrPem');
        if (!csr.ok) throw csr.error;
        contractId = randomUUID();
        const { csrPem: _pem, documentIds: _ids, ...rest } = input;
        // Parsed at the edge, as the product's submit handler does.
        const parsed = parseApplication(rest);
        if (!parsed.ok) throw parsed.error;
        command = { ...parsed.value, type: 'SubmitApplication', contractId, actor: step.actor, at, csr: csr.value, documents, termsVersionInForce: '1', renewalOf: null, supersedes: null, transferConsentDocument: null };
      } else {
        command = { ...input, at, actor: step.actor, serviceSuspended: false };
      }
      const decide = (state) => {
        const decision = decideContract(command, state, DEFAULT_POLICY);
        if (!decision.ok) throw decision.error;
        return toEmmett(decision.events, () => ({ ...envelopeOf(), commandName: command.type }));
      };
      // Emmett 0.38.5 on node-sqlite3 now and then fails a COMMIT with "SQLITE_BUSY: cannot commit transaction -
      // SQL statements in progress" (its own statements on the connection it opened for the operation; nothing
      // else touches the file). The commit did not happen and the connection is closed, so the command is run
      // again — at most 3 times, and the retries are reported with the result.
      for (let attempt = 1; ; attempt++) {
        try {
          await handle(eventStore, contractId, decide);
          break;
        } catch (err) {
          if (err?.code !== 'SQLITE_BUSY' || attempt >= 3) throw err;
          busyRetries += 1;
        }
      }
    }
    return steps.length;
  };

  for (let i = 0; i < args.warmup; i++) await runContract(plans[i]);
  let commands = 0;
  const start = process.hrtime.bigint();
  await profiled(`command-peer-${args.tag}`, async () => {
    for (let i = args.warmup; i < total; i++) commands += await runContract(plans[i]);
  });
  const seconds = since(start);
  return { commands, seconds, perSecond: commands / seconds, busyRetries };
}

done(main);
