import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '@pfw/event-store';
import {
  AUDIT_EXPORT_FORMAT,
  AuditLogService,
  eventLeafEntry,
  leafHash,
  loadOrCreateAuditSigningKey,
  openLiveAuditLog,
  serializeAuditRecord,
  verifyAuditLog,
  type AuditVerifyResult,
} from '@pfw/audit';
import type { ReadModelDb } from '@pfw/read-models';
import { ManualClock, ManualScheduler, appendSampleEvents, openAuditDb, silentLogger, tempDir } from './support/audit-fixtures';

/**
 * Builds a data directory the way the service leaves it: events appended in batches, the audit log
 * following, a signed tree head after each chunk, everything closed (WAL checkpointed into the files).
 */
async function buildDataDir(dir: string, chunks: readonly number[]): Promise<void> {
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  const db = await openAuditDb(dir);
  const audit = await AuditLogService.open({
    store,
    db,
    signingKey: loadOrCreateAuditSigningKey(join(dir, 'audit', 'signing-key.pem')),
    clock: new ManualClock(),
    scheduler: new ManualScheduler(),
    logger: silentLogger,
  });
  let from = 0;
  for (const n of chunks) {
    await appendSampleEvents(store, n, from);
    from += n;
    await audit.checkpoint();
  }
  await audit.close();
  await db.destroy();
  await store.close();
}

/** Runs `fn` with the data directory's read-model database (where the audit log's tables are), then closes it. */
async function withReadModels<T>(dataDir: string, fn: (db: ReadModelDb) => Promise<T>): Promise<T> {
  const db = await openAuditDb(dataDir);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function exportToFile(dataDir: string, file: string): Promise<void> {
  await withReadModels(dataDir, async (db) => {
    const live = openLiveAuditLog(db, dataDir);
    try {
      const lines: string[] = [];
      for await (const record of live.records({ exportedAt: new Date('2025-05-01T00:00:00Z') })) lines.push(serializeAuditRecord(record));
      writeFileSync(file, `${lines.join('\n')}\n`);
    } finally {
      live.close();
    }
  });
}

const fileLines = (file: string) => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

async function verifyLive(dataDir: string): Promise<AuditVerifyResult> {
  return withReadModels(dataDir, async (db) => {
    const live = openLiveAuditLog(db, dataDir);
    try {
      return await verifyAuditLog(live.records());
    } finally {
      live.close();
    }
  });
}

/** Overwrites the leaf hash the audit log recorded for one leaf (an edit of its own records). */
const setRecordedLeaf = (dataDir: string, leafIndex: number, hash: Buffer) =>
  withReadModels(dataDir, async (db) => {
    await sql`update audit_leaves set leaf_hash = ${hash} where leaf_index = ${leafIndex}`.execute(db);
  });

function withDatabase<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('audit export → verify round trip of a 10,000-event log', () => {
  let dir: string;
  let exportFile: string;
  beforeAll(async () => {
    dir = tempDir('audit-10k');
    await buildDataDir(dir, [4000, 3500, 2500]);
    exportFile = join(dir, 'export.jsonl');
    await exportToFile(dir, exportFile);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies from the file alone: every leaf, every signed head, every proof', async () => {
    const progress: number[] = [];
    const result = await verifyAuditLog(fileLines(exportFile), { onProgress: (n) => progress.push(n) });
    expect(result.message).toMatch(/^audit log verified: 10000 events, 3 signed tree heads, the latest of size 10000/);
    expect(result).toMatchObject({ ok: true, events: 10000, signedEvents: 10000, unsignedEvents: 0, unloggedEvents: 0, treeHeads: 3 });
    expect(progress[progress.length - 1]).toBe(10000);
  });

  it('verifies the same data directory live, with the same outcome', async () => {
    const result = await verifyLive(dir);
    expect(result).toMatchObject({ ok: true, events: 10000, treeHeads: 3 });
  });

  it('holds the events exactly as stored, and each leaf recomputes with plain SHA-256 and RFC 8785', () => {
    const lines = readFileSync(exportFile, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 3 + 10000 + 1);
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ kind: 'header', format: AUDIT_EXPORT_FORMAT, version: 1, hashAlgorithm: 'SHA-256', treeHeads: 3, signedTreeSize: 10000 });
    expect(lines.slice(1, 4).map((l) => JSON.parse(l).treeHead.treeSize)).toEqual([4000, 7500, 10000]);

    const stored = withDatabase(join(dir, 'events.sqlite'), (db) =>
      db.prepare('SELECT * FROM events WHERE position IN (1, 5000, 10000) ORDER BY position').all(),
    ) as { position: number; event_id: string; data: string; metadata: string; recorded_at: string }[];
    for (const row of stored) {
      const line = lines[3 + row.position]!;
      // The stored JSON texts appear in the line byte for byte.
      expect(line).toContain(`"data":${row.data},"metadata":${row.metadata},"recordedAt":"${row.recorded_at}"`);
      const record = JSON.parse(line);
      expect(record).toMatchObject({ leafIndex: row.position - 1, position: String(row.position), eventId: row.event_id });
      // No library code: SHA-256(0x00 ‖ JCS(event)).
      const jcs = Buffer.from(canonicalize(record.event)!, 'utf8');
      const leaf = createHash('sha256').update(Buffer.from([0])).update(jcs).digest('base64');
      expect(leaf).toBe(record.leafHash);
      // …which is the leaf the follower computed from the RecordedEvent.
      expect(leaf).toBe(
        leafHash(
          eventLeafEntry({
            id: row.event_id,
            type: record.event.type,
            streamId: record.event.streamId,
            revision: record.event.revision,
            position: BigInt(row.position),
            data: JSON.parse(row.data),
            metadata: JSON.parse(row.metadata),
            recordedAt: new Date(row.recorded_at),
          }),
        ).toString('base64'),
      );
    }
  });

  describe('an edited export fails, naming what does not match', () => {
    const edited = (edit: (lines: string[]) => string[]) => {
      const lines = readFileSync(exportFile, 'utf8').trimEnd().split('\n');
      return verifyAuditLog(edit(lines));
    };

    it('one byte of one event', async () => {
      const result = await edited((lines) => {
        lines[4 + 6000] = lines[4 + 6000]!.replace('"webServerFqdn":"www', '"webServerFqdn":"wwv');
        return lines;
      });
      expect(result.ok).toBe(false);
      expect(result.message).toBe('mismatch at position 6001 (leaf 6000): leaf hash differs from the signed tree head of size 7500');
    });

    it('one event line removed', async () => {
      const result = await edited((lines) => [...lines.slice(0, 4 + 41), ...lines.slice(4 + 42)]); // drops leaf 41
      expect(result.message).toMatch(/^mismatch at leaf 41: the export has no record for it \(line 46 holds leaf 42 at position 43\)/);
    });

    it('the end line cut off (a truncated file)', async () => {
      const result = await edited((lines) => lines.slice(0, -1));
      expect(result.message).toBe('the export ends without its end line (truncated?)');
    });

    it('a signed tree head with a changed root', async () => {
      const result = await edited((lines) => {
        const record = JSON.parse(lines[2]!);
        const root = Buffer.from(record.treeHead.rootHash, 'base64');
        root[0]! ^= 1;
        record.treeHead.rootHash = root.toString('base64');
        lines[2] = JSON.stringify(record);
        return lines;
      });
      expect(result.message).toBe('invalid signed tree head #1 (size 7500): bad signature on the tree head of size 7500');
    });

    it('a key other than the pinned one', async () => {
      const other = loadOrCreateAuditSigningKey(join(dir, 'other', 'key.pem')).publicKeyRaw.toString('base64');
      const result = await verifyAuditLog(fileLines(exportFile), { publicKey: other });
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/^the export names public key .+, not the pinned key /);
    });
  });
});

describe('tamper evidence on a copy of the SQLite data: events.sqlite and read-models.sqlite (audit verify --live)', () => {
  let original: string;
  let copies: string[] = [];
  const copy = () => {
    const target = tempDir('audit-tamper-copy');
    cpSync(original, target, { recursive: true });
    copies.push(target);
    return target;
  };
  const events = (dataDir: string) => join(dataDir, 'events.sqlite');

  beforeAll(async () => {
    original = tempDir('audit-tamper');
    await buildDataDir(original, [100, 150, 50]); // signed heads of sizes 100, 250, 300
  }, 30_000);
  afterEach(() => {
    for (const c of copies) rmSync(c, { recursive: true, force: true });
    copies = [];
  });
  afterAll(() => rmSync(original, { recursive: true, force: true }));

  it('an untouched copy verifies', async () => {
    const result = await verifyLive(copy());
    expect(result).toMatchObject({ ok: true, events: 300, treeHeads: 3, signedEvents: 300 });
  });

  it("changing one byte of an event's data fails at that position", async () => {
    const dataDir = copy();
    withDatabase(events(dataDir), (db) => {
      const { data } = db.prepare('SELECT data FROM events WHERE position = 137').get() as { data: string };
      const at = data.indexOf('"www') + 2;
      const changed = `${data.slice(0, at)}v${data.slice(at + 1)}`;
      expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(data));
      db.prepare('UPDATE events SET data = ? WHERE position = 137').run(changed);
    });
    const result = await verifyLive(dataDir);
    expect(result.ok).toBe(false);
    expect(result.mismatch).toMatchObject({ position: '137', leafIndex: 136 });
    expect(result.message).toBe('mismatch at position 137 (leaf 136): leaf hash differs from the signed tree head of size 250');
  });

  it('deleting an event fails at the deleted position', async () => {
    const dataDir = copy();
    withDatabase(events(dataDir), (db) => db.prepare('DELETE FROM events WHERE position = 42').run());
    const result = await verifyLive(dataDir);
    expect(result.mismatch).toMatchObject({ position: '42', leafIndex: 41 });
    expect(result.message).toMatch(
      /^mismatch at position 42 \(leaf 41\): leaf hash differs from the signed tree head of size 100 \(the log's event at this leaf is now the one at position 43, /,
    );
  });

  it('swapping two events fails at the first of them', async () => {
    const dataDir = copy();
    withDatabase(events(dataDir), (db) =>
      db.transaction(() => {
        const rows = db.prepare('SELECT * FROM events WHERE position IN (260, 280) ORDER BY position').all() as Record<string, unknown>[];
        db.prepare('DELETE FROM events WHERE position IN (260, 280)').run();
        const insert = db.prepare(
          `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
           VALUES (@position, @event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)`,
        );
        insert.run({ ...rows[1], position: 260 });
        insert.run({ ...rows[0], position: 280 });
      })(),
    );
    const result = await verifyLive(dataDir);
    expect(result.mismatch).toMatchObject({ position: '260', leafIndex: 259 });
    expect(result.message).toMatch(/^mismatch at position 260 \(leaf 259\): leaf hash differs from the signed tree head of size 300 \(the event at this position now has id /);
  });

  it('an event changed together with its recorded leaf hash still fails against the signed head', async () => {
    const dataDir = copy();
    withDatabase(events(dataDir), (db) => db.prepare("UPDATE events SET type = 'ScreeningFailed' WHERE position = 137").run());
    const store = new SqliteEventStore({ file: events(dataDir) });
    let newLeaf: Buffer | undefined;
    for await (const e of store.readAll({ fromPosition: 137n, maxCount: 1 })) newLeaf = leafHash(eventLeafEntry(e));
    await store.close();
    await setRecordedLeaf(dataDir, 136, newLeaf!);
    const result = await verifyLive(dataDir);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^mismatch at or after position 101 \(leaf 100\): events 100\.\.249 do not rebuild the signed tree head of size 250/);
  });

  it("a change to the audit log's own records (not to the events) is reported as such", async () => {
    const dataDir = copy();
    await setRecordedLeaf(dataDir, 9, Buffer.alloc(32, 7));
    const result = await verifyLive(dataDir);
    expect(result.mismatch).toMatchObject({ position: '10', leafIndex: 9 });
    expect(result.message).toMatch(/the event matches the signed tree head of size 100 \(the audit log's own records were altered\)$/);
  });

  it('events appended after the last signed head are reported, not failed; stored data that is not JSON fails', async () => {
    const dataDir = copy();
    const store = new SqliteEventStore({ file: events(dataDir) });
    await appendSampleEvents(store, 3, 300);
    await store.close();
    const result = await verifyLive(dataDir);
    expect(result).toMatchObject({ ok: true, events: 303, unloggedEvents: 3 });
    expect(result.message).toMatch(/; 3 newest events are not in the audit log yet$/);

    withDatabase(events(dataDir), (db) => db.prepare("UPDATE events SET metadata = '{broken' WHERE position = 7").run());
    const broken = await verifyLive(dataDir);
    expect(broken.message).toBe(
      'mismatch at position 7 (leaf 6): leaf hash differs from the signed tree head of size 100 (its stored metadata is not valid JSON)',
    );
  });
});
