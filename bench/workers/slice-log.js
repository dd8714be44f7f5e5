'use strict';
/**
 * A smaller log from a generated one: its first N events (by position) into DATA_DIR/events.sqlite (schema
 * made by opening a SqliteEventStore), with the source's read-model database (the contracts' data keys,
 * nothing else yet) and personal-data master key copied beside it. Contracts still in flight at the cut are
 * simply incomplete, as in any live log.
 *
 * argv: JSON { from, to, events }
 */
const fs = require('node:fs');
const path = require('node:path');
const { done, since } = require('../lib/worker');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { SqliteEventStore } = require('@pfw/event-store');
  fs.rmSync(args.to, { recursive: true, force: true });
  fs.mkdirSync(args.to, { recursive: true });
  const start = process.hrtime.bigint();
  const store = new SqliteEventStore({ file: path.join(args.to, 'events.sqlite') });
  const db = store.database;
  db.pragma('synchronous = OFF');
  db.prepare('ATTACH DATABASE ? AS source').run(path.join(args.from, 'events.sqlite'));
  db.prepare('INSERT INTO main.events SELECT * FROM source.events WHERE position <= ? ORDER BY position').run(args.events);
  db.exec('DETACH DATABASE source');
  db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  for (const f of fs.readdirSync(args.from)) {
    if (f.startsWith('events.sqlite')) continue;
    fs.copyFileSync(path.join(args.from, f), path.join(args.to, f));
  }
  return { events: args.events, seconds: since(start) };
}

done(main);
