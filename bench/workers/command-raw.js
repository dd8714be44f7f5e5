'use strict';
/**
 * Command path, the raw ceiling: better-sqlite3 alone on a file with the SqliteEventStore's own schema and
 * pragmas (WAL, synchronous=FULL; the schema is created by opening a SqliteEventStore on the file, so it is
 * whatever the adapter creates today). Per command, in ONE `BEGIN IMMEDIATE` transaction: read the whole
 * stream (SELECT * … ORDER BY revision) and insert the same events the product wrote in its run (rows
 * captured from the product's store: the same type, data and metadata JSON text), with fresh event ids and
 * stream ids so that runs never collide. No decoding, no deciding, no validation: what SQLite allows at best.
 *
 * `concurrency` (default 1): that many callers replay the commands at once, each command still its own
 * transaction (the naive ceiling of concurrent writers: better-sqlite3 is synchronous, so they take turns).
 *
 * argv: JSON { dataDir, capture, tag, concurrency? }
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { done, since } = require('../lib/worker');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const { SqliteEventStore } = require('@pfw/event-store');
  const file = path.join(args.dataDir, 'events.sqlite');
  await new SqliteEventStore({ file }).close();
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');

  // Untimed: the commands with their new stream ids and event ids.
  const captured = JSON.parse(fs.readFileSync(args.capture, 'utf8'));
  const streams = new Map();
  const commands = captured.map((c) => {
    let streamId = streams.get(c.streamId);
    if (!streamId) streams.set(c.streamId, (streamId = `${c.streamId.split('-')[0]}-${randomUUID()}`));
    return { streamId, events: c.events.map((e) => ({ ...e, id: randomUUID() })) };
  });

  const read = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision ASC');
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const run = db.transaction((command) => {
    const existing = read.all(command.streamId);
    let revision = existing.length;
    const at = new Date().toISOString();
    for (const e of command.events) insert.run(e.id, command.streamId, revision++, e.type, e.data, e.metadata, at);
  });

  const lanes = args.concurrency ?? 1;
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < commands.length; i = next++) {
      run.immediate(commands[i]);
      if (lanes > 1) await null; // the other callers get their turn between two commands
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: lanes }, lane));
  const seconds = since(start);
  db.close();
  return { commands: commands.length, seconds, perSecond: commands.length / seconds };
}

done(main);
