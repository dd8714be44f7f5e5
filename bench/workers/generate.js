'use strict';
/**
 * Generates a realistic event log of N events in DATA_DIR, fast. How: the product's own pieces, without the
 * command bus — the CLI's application context (CliModule: the SQLite event store, the encrypting serializer
 * with its per-contract data keys in the read-model database) — and, per contract, the lives of
 * lib/lifecycles.js decided by libs/domain's decider, every event encoded by the product's EventSerializer
 * (schema codecs + AES-256-GCM of personal fields with that contract's key), then inserted with plain INSERTs
 * into the adapter's own `events` table in transactions of 5,000 rows ("serializer + raw inserts": the
 * append path's per-command read and checks are skipped; rows are exactly what the append path would store).
 * About 1,000 contracts are in flight at any time, each command's events picked from a random one, so a
 * contract's events are spread over the log as in a real book.
 *
 * argv: JSON { dataDir, keys, events, fixtures, seed? } (keys: lib/product.js benchKeys, kept with the log)
 */
require('reflect-metadata');
const fs = require('node:fs');
const { randomUUID, createHash } = require('node:crypto');
const { done, since } = require('../lib/worker');
const { lifeCommands } = require('../lib/lifecycles');
const { productConfig, cliContext } = require('../lib/product');

const WINDOW = 1000;
const BATCH = 5000;

function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { DEFAULT_POLICY, decideContract, evolveContract, initialContractState, parseCsr } = require('@pfw/domain');
  const { EventSerializer } = require('@pfw/event-serialization');
  const { EVENT_STORE } = require('@pfw/event-store');

  fs.mkdirSync(args.dataDir, { recursive: true });
  // The data keys are wrapped with the master key of `keys` (DATA_KEY_FILE): the log is read with it later.
  const ctx = await cliContext(productConfig({ DATA_DIR: args.dataDir }, args.keys));
  const serializer = ctx.get(EventSerializer);
  const store = ctx.get(EVENT_STORE);
  const db = store.database;

  const fixtures = JSON.parse(fs.readFileSync(args.fixtures, 'utf8'));
  const parsed = async (pem) => {
    const r = await parseCsr(pem, 'csrPem');
    if (!r.ok) throw r.error;
    return r.value;
  };
  const csr1 = await parsed(fixtures.contracts[0].csrPem);
  const csr2 = await parsed(fixtures.contracts[1].csrPem);
  const fqdn = (i) => `www.g${i}.bench.example.co.jp`;
  const sha = (s) => createHash('sha256').update(s).digest('hex');
  // CSR facts as parseCsr answers them for this contract's host (the PEM is a real request of the same size).
  const csrFor = (i) => ({ ...csr1, commonName: fqdn(i), subjectAltNames: [fqdn(i)], sha256: sha(`csr-${i}`), publicKeySha256: sha(`key-${i}`) });
  const csr2For = (i) => ({ ...csr2, commonName: fqdn(i), subjectAltNames: [fqdn(i)], sha256: sha(`csr2-${i}`), publicKeySha256: sha(`key2-${i}`) });
  const kinds = DEFAULT_POLICY.requiredDocuments.CORPORATION;
  const documents = (i) => kinds.map((kind) => ({ id: randomUUID(), kind, sha256: sha(`${kind}-${i}`) }));
  const kit = { fqdn, csrFor, csr2For, documents, cert: fixtures.cert };

  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const flush = db.transaction((rows) => {
    for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
  });

  const rand = prng(args.seed ?? 42);
  const target = args.events;
  const started = process.hrtime.bigint();
  // A virtual clock: one second per command, ending about now.
  let clock = Date.now() - Math.ceil(target / 9) * 1000 * 1.2;
  let nextContract = 0;
  const open = () => {
    const i = nextContract++;
    const contractId = randomUUID();
    return { i, contractId, streamId: `contract-${contractId}`, commands: lifeCommands(i, contractId, kit), next: 0, state: initialContractState, revision: 0 };
  };
  const { profiled } = require('../lib/profiler');
  const active = [];
  while (active.length < WINDOW) active.push(open());
  let written = 0;
  let rows = [];
  await profiled('generate', async () => {
  while (written < target) {
    const slot = Math.floor(rand() * active.length);
    const c = active[slot];
    const at = new Date((clock += 1000));
    const command = c.commands[c.next++](at);
    const decision = decideContract(command, c.state, DEFAULT_POLICY);
    if (!decision.ok) throw new Error(`contract ${c.i} ${command.type}: ${decision.error.message}`);
    const correlationId = randomUUID();
    const recordedAt = at.toISOString();
    for (const event of decision.events) {
      const eventId = randomUUID();
      const envelope = { eventId, actor: command.actor, correlationId, causationId: null, commandName: command.type, occurredAt: at, termsVersion: '1' };
      const encoded = await serializer.encode(event, envelope, c.streamId);
      rows.push([eventId, c.streamId, c.revision++, encoded.type, JSON.stringify(encoded.data), JSON.stringify(encoded.metadata), recordedAt]);
      c.state = evolveContract(c.state, event);
      written += 1;
    }
    if (rows.length >= BATCH) {
      flush(rows);
      rows = [];
    }
    if (c.next >= c.commands.length) active[slot] = open();
  }
  });
  if (rows.length > 0) flush(rows);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seconds = since(started);
  await ctx.close();
  return { events: written, contracts: nextContract, seconds, perSecond: written / seconds, method: 'serializer + raw inserts' };
}

done(main);
