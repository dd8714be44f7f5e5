import Database from 'better-sqlite3';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@pfw/event-store';
import {
  AuditLogDatabase,
  AuditLogService,
  eventLeafEntry,
  leafHash,
  loadOrCreateAuditSigningKey,
  merkleTreeHash,
  openLiveAuditLog,
  verifyAuditLog,
} from '@pfw/audit';
import {
  ManualClock,
  ManualScheduler,
  appendSampleEvents,
  openAuditDb,
  silentLogger,
  tempDir,
} from '../libs/audit/test/support/audit-fixtures';
import { ROOT, buildOnce, startNode } from './support/process';

const CLI = 'dist/apps/cli/src/main.js';

async function runCli(dataDir: string, args: string[]): Promise<{ code: number | string | null; output: string }> {
  const run = startNode(CLI, { DATA_DIR: dataDir, NODE_ENV: 'test' }, args);
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('audit CLI (compiled, as npm run cli runs it)', () => {
  let original: string;
  const scratch: string[] = [];
  const copy = () => {
    const target = tempDir('audit-cli-copy');
    cpSync(original, target, { recursive: true });
    scratch.push(target);
    return target;
  };

  beforeAll(async () => {
    buildOnce();
    original = tempDir('audit-cli');
    const store = new SqliteEventStore({ file: join(original, 'events.sqlite') });
    const db = await openAuditDb(original);
    const audit = await AuditLogService.open({
      store,
      db,
      signingKey: loadOrCreateAuditSigningKey(join(original, 'audit', 'signing-key.pem')),
      clock: new ManualClock(),
      scheduler: new ManualScheduler(),
      logger: silentLogger,
    });
    for (const [from, n] of [[0, 100], [100, 150], [250, 50]] as const) {
      await appendSampleEvents(store, n, from);
      await audit.checkpoint();
    }
    await audit.close();
    await db.destroy();
    await store.close();
  }, 120_000);
  afterAll(() => {
    rmSync(original, { recursive: true, force: true });
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('verify --live: an untouched copy verifies (exit 0), a copy with one changed byte fails naming the position (exit 1)', async () => {
    const clean = await runCli(copy(), ['audit', 'verify', '--live']);
    expect(clean.output).toMatch(/^audit log verified: 300 events, 3 signed tree heads, the latest of size 300 /);
    expect(clean.code).toBe(0);

    const tampered = copy();
    const db = new Database(join(tampered, 'events.sqlite'));
    const { data } = db.prepare('SELECT data FROM events WHERE position = 137').get() as { data: string };
    const at = data.indexOf('"www') + 2;
    db.prepare('UPDATE events SET data = ? WHERE position = 137').run(`${data.slice(0, at)}v${data.slice(at + 1)}`);
    db.close();
    const failed = await runCli(tampered, ['audit', 'verify', '--live']);
    expect(failed.output).toBe('mismatch at position 137 (leaf 136): leaf hash differs from the signed tree head of size 250\n');
    expect(failed.code).toBe(1);
  }, 60_000);

  it('export --out FILE, then verify FILE on its own (another DATA_DIR, no audit database at all)', async () => {
    const dataDir = copy();
    const file = join(dataDir, 'audit-export.jsonl');
    const exported = await runCli(dataDir, ['audit', 'export', '--out', file]);
    expect(exported.output).toBe(`exported 300 events and 3 signed tree heads (signed tree size 300) to ${file}\n`);
    expect(exported.code).toBe(0);

    const elsewhere = tempDir('audit-cli-auditor');
    scratch.push(elsewhere);
    const verified = await runCli(elsewhere, ['audit', 'verify', file]);
    expect(verified.output).toMatch(/^audit log verified: 300 events, 3 signed tree heads/);
    expect(verified.code).toBe(0);

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[4 + 9] = lines[4 + 9]!.replace('"termsVersion":"1"', '"termsVersion":"2"');
    writeFileSync(file, lines.join('\n'));
    const failed = await runCli(elsewhere, ['audit', 'verify', file]);
    expect(failed.output).toBe('mismatch at position 10 (leaf 9): leaf hash differs from the signed tree head of size 100\n');
    expect(failed.code).toBe(1);
  }, 60_000);

  it('refuses verify without FILE or --live, and --live without an audit log', async () => {
    const neither = await runCli(copy(), ['audit', 'verify']);
    expect(neither.output).toContain('audit verify: give either FILE or --live');
    expect(neither.code).toBe(1);
    const empty = tempDir('audit-cli-empty');
    scratch.push(empty);
    const missing = await runCli(empty, ['audit', 'verify', '--live']);
    expect(missing.output).toContain('no audit log yet: the read-model database holds no audit leaf and no signed tree head');
    expect(missing.code).toBe(1);
  }, 60_000);
});

describe('audit log follower killed mid-run (SIGKILL)', () => {
  let dir: string;
  beforeAll(() => buildOnce(), 120_000);
  beforeEach(() => (dir = tempDir('audit-crash')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the compiled follower in a child process until its tree reaches `atLeast`, then kills it with SIGKILL. */
  async function followThenKill(atLeast: number): Promise<number> {
    const script = join(dir, 'follower.js');
    writeFileSync(
      script,
      `const { SqliteEventStore } = require(${JSON.stringify(join(ROOT, 'dist/libs/event-store/src'))});
const audit = require(${JSON.stringify(join(ROOT, 'dist/libs/audit/src'))});
const { createReadModelDb, migrateReadModels } = require(${JSON.stringify(join(ROOT, 'dist/libs/read-models/src'))});
const { DATABASE_MIGRATIONS } = require(${JSON.stringify(join(ROOT, 'dist/libs/migrations/src'))});
const dir = ${JSON.stringify(dir)};
const store = new SqliteEventStore({ file: dir + '/events.sqlite' });
const db = createReadModelDb({ readModelUrl: null, dataDir: dir });
migrateReadModels(db, DATABASE_MIGRATIONS).then(() => audit.AuditLogService.open({
  store, db, batchSize: 100, treeHeadIntervalMs: 0,
  signingKey: audit.loadOrCreateAuditSigningKey(dir + '/audit/signing-key.pem'),
  logger: { log() {}, info() {}, warn() {}, error(m) { process.stderr.write(m + '\\n'); } },
})).then((service) => {
  service.start();
  // The tree in memory grows only with what each transaction committed.
  setInterval(() => process.stdout.write('size ' + service['db'].treeSize + '\\n'), 1);
});
`,
    );
    const child = startNode(script, {});
    const seen = () => {
      const sizes = [...child.output().matchAll(/size (\d+)/g)].map((m) => Number(m[1]));
      return sizes.length ? sizes[sizes.length - 1]! : 0;
    };
    const deadline = Date.now() + 60_000;
    while (seen() < atLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.child.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    expect(child.output()).not.toMatch(/audit follower stopped/);
    return seen();
  }

  function checkInvariants(): number {
    const db = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
    try {
      const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const size = one('SELECT tree_size AS n FROM audit_checkpoint');
      // Leaves, nodes and checkpoint moved together: a batch is all there or not at all.
      expect(one('SELECT COUNT(*) AS n FROM audit_leaves')).toBe(size);
      expect(one('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM audit_leaves')).toBe(size);
      expect(one('SELECT COUNT(*) AS n FROM audit_nodes WHERE level = 1')).toBe(Math.floor(size / 2));
      // Leaf i is the i-th event: positions 1..size (a fresh SQLite store numbers them from 1, no gaps).
      expect(one('SELECT COUNT(*) AS n FROM audit_leaves WHERE position <> leaf_index + 1')).toBe(0);
      return size;
    } finally {
      db.close();
    }
  }

  it('never applies a batch partly or twice: after two kills and a restart the tree is exactly the log', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    await appendSampleEvents(store, 20_000, 0, 500);
    await store.close();

    const firstKill = await followThenKill(2_000);
    const afterFirst = checkInvariants();
    expect(afterFirst).toBeGreaterThanOrEqual(firstKill);
    expect(afterFirst).toBeLessThan(20_000);

    await followThenKill(Math.min(afterFirst + 3_000, 19_900));
    const afterSecond = checkInvariants();
    expect(afterSecond).toBeGreaterThan(afterFirst);

    // Restart in this process and finish: the result is the tree of the whole log, each event once.
    const reopened = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    const db = await openAuditDb(dir);
    const audit = await AuditLogService.open({
      store: reopened,
      db,
      signingKey: loadOrCreateAuditSigningKey(join(dir, 'audit', 'signing-key.pem')),
      scheduler: new ManualScheduler(),
      logger: silentLogger,
    });
    const head = await audit.signedTreeHead();
    const expected: Buffer[] = [];
    for await (const e of reopened.readAll()) expected.push(leafHash(eventLeafEntry(e)));
    await audit.close();
    await reopened.close();
    expect(head.treeSize).toBe(20_000);
    expect(Buffer.from(head.rootHash, 'base64').equals(merkleTreeHash(expected))).toBe(true);
    expect(checkInvariants()).toBe(20_000);
    // The stored nodes, loaded as another process loads them, give the same root.
    const stored = new AuditLogDatabase(db);
    expect(await stored.refresh()).toBe(20_000);
    expect(stored.tree.root().equals(merkleTreeHash(expected))).toBe(true);
    expect((await stored.leafAt(19_999))!.leafHash.equals(expected[19_999]!)).toBe(true);

    const live = openLiveAuditLog(db, dir);
    const result = await verifyAuditLog(live.records());
    live.close();
    await db.destroy();
    expect(result).toMatchObject({ ok: true, events: 20_000, signedEvents: 20_000 });
  }, 180_000);
});
