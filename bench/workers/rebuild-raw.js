'use strict';
/**
 * Rebuild, the raw loop: better-sqlite3 alone reads the same log (the `events` table the generator wrote,
 * pages of 1,000 by position, every column as the product's reader selects them) and, per event, upserts one
 * row per stream — stream id, revision, position, type and the event's data JSON — into a fresh table in
 * its own database file (WAL, synchronous=NORMAL like the read-model database), 1,000 events per
 * transaction. No decoding, decrypting or folding: what SQLite allows at best for one row per stream.
 *
 * argv: JSON { dataDir, outDir }. Reports events/s and peak RSS.
 */
const path = require('node:path');
const fs = require('node:fs');
const { done, since, cpuSince } = require('../lib/worker');
const { profiled } = require('../lib/profiler');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const Database = require('better-sqlite3');
  const source = new Database(path.join(args.dataDir, 'events.sqlite'), { readonly: true });
  fs.mkdirSync(args.outDir, { recursive: true });
  const target = new Database(path.join(args.outDir, 'raw-read-model.sqlite'));
  target.pragma('journal_mode = WAL');
  target.pragma('synchronous = NORMAL');
  target.exec('DROP TABLE IF EXISTS streams; CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL)');
  const page = source.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?');
  const upsert = target.prepare(
    `INSERT INTO streams (stream_id, revision, position, type, data) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, position = excluded.position, type = excluded.type, data = excluded.data`,
  );
  const apply = target.transaction((rows) => {
    for (const r of rows) upsert.run(r.stream_id, r.revision, r.position, r.type, r.data);
  });
  let events = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await profiled(`rebuild-raw-${args.tag ?? 'run'}`, async () => {
    let cursor = 0;
    for (;;) {
      const rows = page.all(cursor, 1000);
      if (rows.length === 0) break;
      apply(rows);
      events += rows.length;
      cursor = rows[rows.length - 1].position + 1;
      if (rows.length < 1000) break;
    }
  });
  const seconds = since(start);
  const cpuSeconds = cpuSince(cpu);
  source.close();
  target.close();
  return { events, seconds, perSecond: events / seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

done(main);
