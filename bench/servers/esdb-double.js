'use strict';
/**
 * The EventStoreDB side of the "rebuild over EventStoreDB" line: the repository's EventStoreDB double
 * (libs/esdb-double, an EventStoreDB 24.10 node's gRPC API in process) in its own process, as a server would
 * be, on 127.0.0.1 (an ephemeral port, no TLS), serving a generated log: every row of DATA_DIR/events.sqlite in
 * position order, appended to the double's log as the product's EventStoreDB adapter stores them (JSON data,
 * the metadata JSON as custom metadata, the same event ids and streams). The node's own system records are there
 * (epoch, `$settings`, users); no `$statsCollected` events, whose number in a real log depends on the node's
 * uptime rather than on the log. Tells the parent { url, events } once it answers, its CPU time when asked
 * ('cpu'); stops on SIGTERM.
 *
 * argv: JSON { dataDir }
 */
const path = require('node:path');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const Database = require('better-sqlite3');
  const { EsdbDoubleLog, startEsdbDouble } = require('@pfw/esdb-double');
  const log = new EsdbDoubleLog({ statsEvery: 0 });
  const db = new Database(path.join(args.dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  let events = 0;
  for (const row of db.prepare('SELECT event_id, stream_id, type, data, metadata FROM events ORDER BY position').iterate()) {
    const proposed = { id: row.event_id, type: row.type, contentType: 'application/json', data: Buffer.from(row.data), customMetadata: Buffer.from(row.metadata) };
    const outcome = log.append(row.stream_id, [proposed], { kind: 'any' });
    if (outcome.kind !== 'written') throw new Error(`loading ${row.event_id}: ${outcome.kind}`);
    events += 1;
  }
  db.close();
  const double = await startEsdbDouble({ port: 0, data: log });
  process.on('SIGTERM', () => {
    double.stop({ graceful: true }).finally(() => process.exit(0));
  });
  // The parent asks for this process's CPU time before and after each rebuild: the server's share of the work.
  process.on('message', (m) => {
    if (m.question === 'cpu') {
      const used = process.cpuUsage();
      process.send({ answer: { cpuSeconds: (used.user + used.system) / 1e6 } });
    }
  });
  process.send({ ready: true, url: double.url, events });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
