import { Test } from '@nestjs/testing';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@pfw/event-store';
import { AuditLogDatabase, AuditLogService, AuditModule, verifyTreeHead } from '@pfw/audit';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';
import { ReadModelsModule } from '@pfw/read-models';
import { ManualScheduler, eventually, openAuditDb, sampleEvent, tempDir } from './support/audit-fixtures';

/** The read-model database under DATA_DIR (the audit log's tables), without projections or leases. */
const readModels = (dataDir: string) => ReadModelsModule.forRoot({ readModelUrl: null, dataDir, leases: false, migrations: DATABASE_MIGRATIONS });

describe('AuditModule', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('audit-module')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key under DATA_DIR, follows the event store from bootstrap, and signs a last head at shutdown', async () => {
    const scheduler = new ManualScheduler();
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: dir }), readModels(dir), AuditModule.forRoot({ dataDir: dir, scheduler })],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();

    expect(existsSync(join(dir, 'audit', 'signing-key.pem'))).toBe(true);
    const audit = moduleRef.get(AuditLogService);
    const store = moduleRef.get<EventStore>(EVENT_STORE);
    expect(scheduler.intervals.map((i) => i.ms)).toEqual([60_000]);

    await store.append('contract-1', [sampleEvent(0), sampleEvent(1), sampleEvent(2)], 'no_stream');
    await eventually(async () => (await audit.status()).treeSize === 3); // the follower, not a checkpoint, got them
    expect((await audit.status()).following).toBe(true);
    const checkpoint = await audit.checkpoint();
    expect(checkpoint.treeSize).toBe(3);

    await store.append('contract-1', [sampleEvent(3)], 2);
    await eventually(async () => (await audit.status()).treeSize === 4);
    await moduleRef.close();

    // In the read-model database, not in a file of its own.
    expect(existsSync(join(dir, 'audit.sqlite'))).toBe(false);
    const db = await openAuditDb(dir);
    try {
      const log = new AuditLogDatabase(db);
      const heads = await log.treeHeads();
      expect(heads.map((h) => h.treeSize)).toEqual([3, 4]);
      const publicKey = (await log.publicKey())!;
      for (const h of heads) expect(verifyTreeHead(h, publicKey)).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it('AUDIT_SIGNING_KEY_FILE must exist: a missing configured key stops the start instead of creating one', async () => {
    const keyFile = join(dir, 'elsewhere', 'audit.pem');
    const moduleRef = Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: dir }),
        readModels(dir),
        AuditModule.forRoot({ dataDir: dir, signingKeyFile: keyFile, follow: false, treeHeadIntervalMs: 0 }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(/AUDIT_SIGNING_KEY_FILE .*audit\.pem: does not exist/);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('takes the key from a configured path and can leave the follower off: a checkpoint waits for a follower elsewhere, then catches up itself', async () => {
    const keyFile = join(dir, 'elsewhere', 'audit.pem');
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: dir }),
        readModels(dir),
        AuditModule.forRoot({ dataDir: dir, signingKeyFile: keyFile, follow: false, treeHeadIntervalMs: 0, catchUpWaitMs: 300 }),
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    expect(existsSync(keyFile)).toBe(true);
    expect(existsSync(join(dir, 'audit', 'signing-key.pem'))).toBe(false);
    const audit = moduleRef.get(AuditLogService);
    expect((await audit.status()).following).toBe(false);
    await moduleRef.get<EventStore>(EVENT_STORE).append('contract-2', [sampleEvent(5)], 'no_stream');
    expect((await audit.checkpoint()).treeSize).toBe(1); // on demand still works 
    await moduleRef.close();
  });
});
