'use strict';
/**
 * The subscribers of the live fan-out workload: `subscribers` graphql-ws clients (graphql-transport-ws, the token in
 * connectionParams, as the staff console connects), each subscribed to `workListChanged(list)`. Tells the parent
 * { ready } once every client is connected and subscribed; on { appends } (each command's change to the list —
 * contract id and entered — and when its append was acknowledged, process.hrtime of the server) waits until every
 * expected change arrived or `settleMs` passed without one, and answers the latency of each delivery (receipt −
 * append, the same monotonic clock) and counts. A change is matched by contract and direction, not by position: a
 * feed that reads the list after the projection went further reports several changes at one event's position.
 *
 * argv: JSON { port, token, subscribers, list }
 */
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const received = []; // [change (contract id:entered), receivedAt ns] flattened
  let closedEarly = 0;
  let errors = 0;
  let firstError = null;
  let ready = false;
  let last = Date.now();
  const query = `subscription($l: WorkList!) { workListChanged(list: $l) { list contractId entered position } }`;
  const clients = [];
  let started = [];
  for (let i = 0; i < args.subscribers; i++) {
    // Connected 50 at a time, as consoles open over time: a thousand handshakes at once on a busy machine would
    // outlast the server's connection_init timeout.
    if (started.length === 50) {
      await Promise.all(started);
      started = [];
    }
    const client = createClient({
      url: `ws://127.0.0.1:${args.port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${args.token}` },
      lazy: false,
      retryAttempts: 0,
    });
    clients.push(client);
    started.push(
      new Promise((resolve, reject) => {
        client.on('connected', resolve);
        client.on('closed', (e) => {
          if (!ready) reject(new Error(`subscriber ${i} closed: ${e?.code} ${e?.reason}`));
          else closedEarly += 1;
        });
      }),
    );
    client.subscribe(
      { query, variables: { l: args.list } },
      {
        next: ({ data }) => {
          const change = data.workListChanged;
          received.push(`${change.contractId}:${change.entered}`, process.hrtime.bigint());
          last = Date.now();
        },
        error: (err) => {
          errors += 1;
          firstError ??= JSON.stringify(err?.reason ?? err?.message ?? err).slice(0, 300);
        },
        complete: () => undefined,
      },
    );
  }
  await Promise.all(started);
  // Subscribed once the server has run each subscription's catch-up: a moment after the last connection.
  await new Promise((r) => setTimeout(r, 2000));
  ready = true;
  process.send({ ready: true });
  const appends = await new Promise((resolve) => process.once('message', (m) => resolve(m.appends)));
  const at = new Map(appends.map((a) => [a.change, BigInt(a.at)]));
  last = Math.max(last, Date.now()); // the quiet period counts from the last command at the earliest
  const expected = appends.length * args.subscribers;
  const deadline = Date.now() + 60_000;
  while (received.length / 2 < expected && Date.now() - last < (args.settleMs ?? 3000) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const latencies = [];
  for (let i = 0; i < received.length; i += 2) {
    const sent = at.get(received[i]);
    if (sent !== undefined) latencies.push(Number(received[i + 1] - sent) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : null);
  process.send({
    done: { delivered: latencies.length, expected, p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? null, closedEarly, subscriptionErrors: errors, firstError },
  });
  await Promise.all(clients.map((c) => c.dispose()));
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
