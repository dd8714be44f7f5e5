'use strict';
/**
 * What one append costs when other work runs between appends, as in any real command path — the raw ceiling
 * runs its transactions back to back, with SQLite's code and pages hot in the CPU caches.
 *
 *   node -r ./bench/lib/register.js bench/lib/append-in-context.js [appends]
 *
 * The product's SqliteEventStore appends one ~1 KB event per call (the size of the bench's captured events),
 * only the append timed, in three ways, twice each: back to back; with allocating JS work between appends
 * (JSON of a few thousand small objects); with work that only touches 8 MB of memory (no allocation, no GC).
 * Not part of `npm run bench`: a measurement behind bench/NOTES.md's "What limits each figure".
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { SqliteEventStore } = require('@pfw/event-store');

const appends = Number(process.argv[2] ?? 1500);
const payload = { blob: 'x'.repeat(900), n: 1 };
const objects = Array.from({ length: 3000 }, (_, i) => ({ i, s: `v${i}`, a: [i, i + 1] }));
const memory = new Float64Array(1 << 20);
let sink = 0;

const between = {
  'back to back (as the raw ceiling)': () => undefined,
  'allocating work between appends': () => JSON.parse(JSON.stringify(objects)),
  'memory-touching work between (no allocation)': () => {
    for (let k = 0; k < memory.length; k += 8) sink += memory[k]++;
  },
};

async function measure(work) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfw-append-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
  let total = 0n;
  for (let i = 0; i < appends; i++) {
    work();
    const start = process.hrtime.bigint();
    await store.append(`contract-${i % 150}`, [{ id: randomUUID(), type: 'Measured', data: payload, metadata: { n: i } }], 'any');
    total += process.hrtime.bigint() - start;
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return Number(total) / appends / 1e6;
}

(async () => {
  for (let round = 1; round <= 2; round++) {
    for (const [name, work] of Object.entries(between)) {
      process.stdout.write(`round ${round}: ${name}: ${(await measure(work)).toFixed(3)} ms per append\n`);
    }
  }
  if (sink === -1) process.stdout.write('\n'); // keeps the memory loop from being optimised away
})();
