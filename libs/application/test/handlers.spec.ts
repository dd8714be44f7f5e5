import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import {
  ApplicationModule,
  Deciders,
  StreamCommandExecutor,
  CommandMeta,
  DOCUMENT_CATALOG,
  DocumentCatalog,
  ExecuteContractCommand,
  ExecuteServiceCommand,
  SubmitApplicationCommand,
  SubmitApplicationInput,
} from '@pfw/application';
import { CLOCK } from '@pfw/clock';
import { contractStreamId, DEFAULT_POLICY, InvalidInput, NotFound, RuleViolation } from '@pfw/domain';
import { EventSerializationModule } from '@pfw/event-serialization';
import { EVENT_STORE, EventStore, EventStoreModule } from '@pfw/event-store';
import { makeCsrPem } from '../../../test/support/csr';

const FQDN = 'www.example.co.jp';
const NOW = new Date('2026-12-01T01:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const screener: CommandMeta['actor'] = { id: 'staff-screener-1', role: 'SCREENER' };
const admin: CommandMeta['actor'] = { id: 'staff-admin-1', role: 'ADMIN' };
const meta = (actor = screener, key: string | null = null): CommandMeta => ({ actor, correlationId: randomUUID(), causationId: null, idempotencyKey: key });

/** Uploaded documents as the documents store would describe them. */
const catalog: DocumentCatalog = {
  async describe(ids, field) {
    return ids.map((id) => {
      if (!id.startsWith('doc-')) throw new InvalidInput(field, `unknown document ${id}`);
      return { id, kind: id.slice(4), sha256: sha(id) };
    });
  },
  async attach(ids, _contractId, field) {
    return { documents: await catalog.describe(ids, field), bound: [] };
  },
  async release() {},
};

@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: { now: () => NOW } },
    { provide: DOCUMENT_CATALOG, useValue: catalog },
  ],
  exports: [CLOCK, DOCUMENT_CATALOG],
})
class TestPlatformModule {}

describe('command handlers (@nestjs/cqrs) over the event store', () => {
  let dir: string;
  let module: TestingModule;
  let bus: CommandBus;
  let store: EventStore;
  let application: SubmitApplicationInput;

  beforeAll(async () => {
    application = {
      applicant: {
        organizationName: '株式会社サンプル',
        organizationType: 'CORPORATION',
        corporateNumber: '7000012050002',
        address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' },
        representativeName: '山田 太郎',
        contact: { name: '佐藤 花子', email: 'hanako@example.co.jp', phone: '03-1234-5678' },
      },
      webServerFqdn: FQDN,
      planMonths: 12,
      stickerRequested: true,
      csrPem: await makeCsrPem(FQDN),
      documentIds: DEFAULT_POLICY.requiredDocuments.CORPORATION.map((kind) => `doc-${kind}`),
    };
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-handlers-'));
    module = await Test.createTestingModule({
      imports: [
        TestPlatformModule,
        EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: dir }),
        EventSerializationModule.forRoot(),
        ApplicationModule.forRoot(DEFAULT_POLICY),
      ],
    }).compile();
    await module.init();
    bus = module.get(CommandBus);
    store = module.get(EVENT_STORE);
  });
  afterEach(async () => {
    await module.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits an application: a new contract stream with ApplicationSubmitted and its envelope (Art. 4)', async () => {
    const result = await bus.execute(new SubmitApplicationCommand(application, meta()));
    expect(result.contract.status).toBe('SUBMITTED');
    const [stored] = await store.readStream(contractStreamId(result.contractId));
    expect(stored!.type).toBe('ApplicationSubmitted');
    expect(stored!.metadata).toMatchObject({ actor: screener, commandName: 'SubmitApplication', termsVersion: '1', occurredAt: NOW.toISOString() });
    expect(result.position).toBe(stored!.position);
  });

  it('a retried command (same clientMutationId) appends nothing the second time', async () => {
    const key = randomUUID();
    const first = await bus.execute(new SubmitApplicationCommand(application, meta(screener, key)));
    const again = await bus.execute(new SubmitApplicationCommand(application, meta(screener, key)));
    expect(again.contractId).toBe(first.contractId);
    expect(again.replayed).toBe(true);
    expect(again.position).toBe(first.position);

    const passKey = randomUUID();
    const pass = new ExecuteContractCommand(
      { type: 'PassScreening', contractId: first.contractId, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
      meta(screener, passKey),
    );
    const passed = await bus.execute(pass);
    const head = await store.headPosition();
    const passedAgain = await bus.execute(pass);
    expect(passedAgain.replayed).toBe(true);
    expect(passedAgain.position).toBe(passed.position);
    expect(await store.headPosition()).toBe(head);
    const all = await store.readStream(contractStreamId(first.contractId));
    expect(all.map((e) => e.type)).toEqual(['ApplicationSubmitted', ...passed.events.map((e) => e.type)]);
  });

  it('keeps no folded state of a contract once its personal data is shredded (Art. 4, issue 8 and 9)', async () => {
    const executor = module.get(StreamCommandExecutor);
    const { contractId } = await bus.execute(new SubmitApplicationCommand(application, meta()));
    await bus.execute(new ExecuteContractCommand({ type: 'WithdrawApplication', contractId }, meta()));
    const reads = jest.spyOn(store, 'readStream');
    await executor.load(module.get(Deciders).contract, contractStreamId(contractId));
    expect(reads.mock.calls.at(-1)![1]).toEqual({ fromRevision: 2 }); // cached: only what came after
    await bus.execute(new ExecuteContractCommand({ type: 'ShredPersonalData', contractId, scope: ['applicant'] }, meta(admin)));
    const { state } = await executor.load(module.get(Deciders).contract, contractStreamId(contractId));
    expect(reads.mock.calls.at(-1)![1]).toEqual({ fromRevision: 0 }); // not kept: read whole
    expect(state).toMatchObject({ personalDataShredded: true });
  });

  it('refuses a command the terms forbid with the article, writing nothing (Art. 3)', async () => {
    const { contractId } = await bus.execute(new SubmitApplicationCommand(application, meta()));
    const head = await store.headPosition();
    await expect(
      bus.execute(
        new ExecuteContractCommand(
          { type: 'PassScreening', contractId, checklist: { japanBase: false, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
          meta(),
        ),
      ),
    ).rejects.toMatchObject({ code: 'RULE_VIOLATION', article: 'Art. 3' });
    expect(await store.headPosition()).toBe(head);
  });

  it('answers NOT_FOUND for a contract that does not exist, and BAD_USER_INPUT for an unknown document', async () => {
    await expect(
      bus.execute(new ExecuteContractCommand({ type: 'WithdrawApplication', contractId: randomUUID() }, meta())),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(bus.execute(new SubmitApplicationCommand({ ...application, documentIds: ['nope'] }, meta()))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'documentIds',
    });
    expect(await store.headPosition()).toBeNull();
  });

  it('records suspension on the service stream and refuses a CA request while suspended (Art. 6)', async () => {
    const { contractId } = await bus.execute(new SubmitApplicationCommand(application, meta()));
    await bus.execute(
      new ExecuteContractCommand(
        { type: 'PassScreening', contractId, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
        meta(),
      ),
    );
    const suspended = await bus.execute(new ExecuteServiceCommand({ type: 'SuspendService', reason: 'CA outage' }, meta(admin)));
    expect(suspended.state.suspended).toBe(true);
    await expect(
      bus.execute(new ExecuteContractCommand({ type: 'RequestCertificate', contractId, caOrderId: randomUUID() }, meta({ id: 'saga:issuance', role: 'SYSTEM' }))),
    ).rejects.toBeInstanceOf(RuleViolation);
    await bus.execute(new ExecuteServiceCommand({ type: 'ResumeService' }, meta(admin)));
    const requested = await bus.execute(
      new ExecuteContractCommand({ type: 'RequestCertificate', contractId, caOrderId: randomUUID() }, meta({ id: 'saga:issuance', role: 'SYSTEM' })),
    );
    expect(requested.contract.status).toBe('CERTIFICATE_REQUESTED');
  });
});
