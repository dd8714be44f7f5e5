import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  ApplicationModule, CommandMeta, Deciders, ContractCommandInput, ContractCommandResult, DOCUMENT_CATALOG, type DocumentCatalog,
  ExecuteContractCommand, ExecuteServiceCommand, StreamCommandExecutor, SubmitApplicationCommand, type SubmitApplicationInput,
} from '@pfw/application';
import { CA_GATEWAY, LOCAL_CA, LocalCaModule, type CaGateway, type LocalCertificateAuthority } from '@pfw/ca-gateway';
import { CLOCK, SimulatedClock, SystemClock } from '@pfw/clock';
import {
  contractStreamId, DEFAULT_POLICY, InvalidInput, isContract, type Actor, type Contract, type ContractEvent, type DomainPolicy,
  type EventEnvelope,
} from '@pfw/domain';
import { EventSerializationModule, EventSerializer } from '@pfw/event-serialization';
import { EVENT_STORE, EventStoreModule, type EventStore, type RecordedEvent } from '@pfw/event-store';
import type { NotificationTransport, OutgoingMessage, SendResult } from '@pfw/notifications';
import { loadMasterKey, SqlDataKeyStore } from '@pfw/personal-data';
import { READ_MODEL_DB, ReadModelsModule, type ReadModelDb, type ReadModelDbConfig } from '@pfw/read-models';
import {
  DOCUMENT_DESTROYER, SagaEngine, SagaOperations, SagasModule, SagaStore, type DocumentDestroyer, type SagasModuleConfig,
} from '@pfw/sagas';
import { makeCsrPem } from '../../../../test/support/csr';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';

export const START = new Date('2026-12-01T01:00:00Z');
export const DAY = 24 * 60 * 60 * 1000;
export const CONTACT_EMAIL = 'hanako@example.co.jp';

export const staff = {
  screener: { id: 'staff-screener-1', role: 'SCREENER' } as Actor,
  billing: { id: 'staff-billing-1', role: 'BILLING' } as Actor,
  operator: { id: 'staff-operator-1', role: 'OPERATOR' } as Actor,
  admin: { id: 'staff-admin-1', role: 'ADMIN' } as Actor,
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Uploaded documents as the documents store would describe them. */
const catalog: DocumentCatalog = {
  async describe(ids, field) {
    return ids.map((id) => {
      if (!id.startsWith('doc-')) throw new InvalidInput(field, `unknown document ${id}`);
      return { id, kind: id.slice(4).replace(/#.*$/, ''), sha256: sha(id) };
    });
  },
  async attach(ids, _contractId, field) {
    return { documents: await catalog.describe(ids, field), bound: [] };
  },
  async release() {},
};

/**
 * The document store's destroy, as the rejection saga sees it: records what it deleted; ids in `missing` are
 * unknown to it (a store that never held them).
 */
export class FakeDocumentStore implements DocumentDestroyer {
  readonly destroyed: string[] = [];
  /** The contract each destroy call named as the documents' owner. */
  readonly owners: string[] = [];
  readonly missing = new Set<string>();
  async destroy(ids: readonly string[], options: { readonly owner: string }): Promise<{ destroyed: string[]; unknown: string[]; foreign: string[] }> {
    const known = ids.filter((id) => !this.missing.has(id));
    this.destroyed.push(...known);
    this.owners.push(options.owner);
    return { destroyed: known, unknown: ids.filter((id) => this.missing.has(id)), foreign: [] };
  }
}

/** A transport that keeps what it accepted; `failing` makes it refuse like an SMTP server that is down. */
export class CapturingTransport implements NotificationTransport {
  readonly name = 'capture';
  readonly sent: OutgoingMessage[] = [];
  failing = false;
  describe(): string {
    return 'capture';
  }
  async send(message: OutgoingMessage): Promise<SendResult> {
    if (this.failing) {
      return {
        accepted: false, messageId: message.messageId, acceptedRecipients: [], rejectedRecipients: [], response: null,
        error: { code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25', responseCode: null, permanent: false, command: 'CONN' },
      };
    }
    this.sent.push(message);
    return { accepted: true, messageId: message.messageId, acceptedRecipients: message.to.map((t) => t.address), rejectedRecipients: [], response: '250 OK', error: null };
  }
  async close(): Promise<void> {}
  kinds(): string[] {
    return this.sent.map((m) => m.headers?.['X-PFW-Notification-Kind'] ?? '?');
  }
}

export interface HarnessOptions {
  readonly policy?: DomainPolicy;
  /** false: the local CA takes orders but does not decide them until `ca.processPendingOrders()`. */
  readonly caProcessesOrders?: boolean;
  readonly readModels?: ReadModelDbConfig;
  readonly notifications?: SagasModuleConfig['notifications'];
  readonly sagas?: Partial<SagasModuleConfig>;
  readonly dir?: string;
  /** Puts something between the sagas and the local CA (e.g. a CA that is down). */
  readonly wrapCa?: (ca: LocalCertificateAuthority) => CaGateway;
  /** Provide the system clock as CLOCK instead of the simulated one. */
  readonly systemClock?: boolean;
  /** How long commands may decide on a cached service state (ServiceStateReader's maxAgeMs). */
  readonly serviceStateMaxAgeMs?: number;
}

export interface Harness {
  readonly dir: string;
  readonly module: TestingModule;
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly serializer: EventSerializer;
  readonly clock: SimulatedClock;
  readonly ca: LocalCertificateAuthority;
  readonly engine: SagaEngine;
  readonly ops: SagaOperations;
  readonly sagaStore: SagaStore;
  readonly transport: CapturingTransport;
  readonly documents: FakeDocumentStore;
  readonly policy: DomainPolicy;
  exec(input: ContractCommandInput, actor?: Actor, key?: string): Promise<ContractCommandResult>;
  service(input: ExecuteServiceCommand['input'], actor?: Actor): Promise<unknown>;
  submit(overrides?: Partial<SubmitApplicationInput>): Promise<string>;
  pass(contractId: string): Promise<void>;
  /** Submits, passes screening and lets the issuance saga run (ACTIVE unless the CA holds its orders). */
  activeContract(overrides?: Partial<SubmitApplicationInput>): Promise<string>;
  pay(contractId: string, amountJpy?: number): Promise<void>;
  advance(input: { days: number } | { to: Date }): Promise<Date>;
  contract(contractId: string): Promise<Contract>;
  events(contractId: string): Promise<Array<{ recorded: RecordedEvent; event: ContractEvent; envelope: EventEnvelope }>>;
  types(contractId: string): Promise<string[]>;
  notices(contractId: string, kind?: string): Promise<Array<{ kind: string; sentAt: Date; recipient: string; position: bigint }>>;
  close(): Promise<void>;
}

export async function applicationInput(fqdn = 'www.example.co.jp', overrides: Partial<SubmitApplicationInput> = {}): Promise<SubmitApplicationInput> {
  return {
    applicant: {
      organizationName: '株式会社サンプル',
      organizationType: 'CORPORATION',
      corporateNumber: '7000012050002',
      address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' },
      representativeName: '山田 太郎',
      contact: { name: '佐藤 花子', email: CONTACT_EMAIL, phone: '03-1234-5678' },
    },
    webServerFqdn: fqdn,
    planMonths: 12,
    stickerRequested: false,
    csrPem: await makeCsrPem(fqdn),
    documentIds: DEFAULT_POLICY.requiredDocuments.CORPORATION.map((kind) => `doc-${kind}#${randomUUID()}`),
    ...overrides,
  };
}

const silent = { info() {}, warn() {}, error() {} };
const debugLogger = {
  info: (o: object, m: string) => process.stderr.write(`INFO ${m} ${JSON.stringify(o)}\n`),
  warn: (o: object, m: string) => process.stderr.write(`WARN ${m} ${JSON.stringify(o)}\n`),
  error: (o: object, m: string) => process.stderr.write(`ERROR ${m} ${JSON.stringify(o)}\n`),
};

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pfw-sagas-'));
  const policy = options.policy ?? DEFAULT_POLICY;
  const clock = new SimulatedClock(START);
  const transport = new CapturingTransport();
  const documents = new FakeDocumentStore();

  @Global()
  @Module({
    providers: [
      { provide: CLOCK, useValue: options.systemClock ? new SystemClock() : clock },
      { provide: DOCUMENT_CATALOG, useValue: catalog },
      { provide: DOCUMENT_DESTROYER, useValue: documents },
    ],
    exports: [CLOCK, DOCUMENT_CATALOG, DOCUMENT_DESTROYER],
  })
  class TestPlatformModule {}

  // The CA's state in the read-model database, its key sealed by the key store under DATA_DIR's master key, as
  // the app keeps it (a compiled worker started later on the same DATA_DIR finds the same CA).
  const localCa = LocalCaModule.registerAsync({
    inject: [READ_MODEL_DB],
    useFactory: (db: ReadModelDb) => ({
      db,
      keys: new SqlDataKeyStore(db, () => loadMasterKey({ dataDir: dir })),
      publicBaseUrl: 'https://pfw.example.jp',
      now: () => clock.now(),
      processOrders: options.caProcessesOrders ?? true,
    }),
  });
  const wrap = options.wrapCa;
  const caModule: DynamicModule = wrap
    ? {
        module: class WrappedCaModule {},
        imports: [localCa],
        providers: [{ provide: CA_GATEWAY, inject: [LOCAL_CA], useFactory: (ca: LocalCertificateAuthority) => wrap(ca) }],
        exports: [CA_GATEWAY, localCa],
      }
    : localCa;

  const module = await Test.createTestingModule({
    imports: [
      TestPlatformModule,
      EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: dir }),
      EventSerializationModule.forRoot(),
      ApplicationModule.forRoot(policy, { serviceState: { maxAgeMs: options.serviceStateMaxAgeMs } }),
      ReadModelsModule.forRoot({ ...(options.readModels ?? { readModelUrl: null, dataDir: dir }), migrations: DATABASE_MIGRATIONS, projections: [] }),
      caModule,
      SagasModule.forRoot({
        role: 'all',
        dataDir: dir,
        policy,
        imports: [caModule],
        notifications: { transport, ...options.notifications },
        autoStart: false,
        stickerReturnAddress: ['〒150-0001', '東京都渋谷区神宮前1-5-1', 'ステッカー返却係'],
        tuning: { retry: { initialDelayMs: 60_000, factor: 2, maxDelayMs: 10 * 60_000, maxAttempts: 4 }, caSettleTimeoutMs: 3000 },
        logger: process.env.SAGA_DEBUG ? debugLogger : silent,
        ...options.sagas,
      }),
    ],
  }).compile();
  module.useLogger(false);
  await module.init();

  const bus = module.get(CommandBus);
  const store = module.get<EventStore>(EVENT_STORE);
  const serializer = module.get(EventSerializer);
  const executor = new StreamCommandExecutor(store, serializer);
  const deciders = module.get(Deciders);
  const engine = module.get(SagaEngine);
  const ops = module.get(SagaOperations);
  const meta = (actor: Actor, key?: string): CommandMeta => ({ actor, correlationId: randomUUID(), causationId: null, idempotencyKey: key ?? null });

  const h: Harness = {
    dir,
    module,
    bus,
    store,
    serializer,
    clock,
    ca: module.get<LocalCertificateAuthority>(LOCAL_CA),
    engine,
    ops,
    sagaStore: module.get(SagaStore),
    transport,
    documents,
    policy,
    exec: (input, actor = staff.operator, key) => bus.execute(new ExecuteContractCommand(input, meta(actor, key))),
    service: (input, actor = staff.admin) => bus.execute(new ExecuteServiceCommand(input, meta(actor))),
    async submit(overrides = {}) {
      const input = await applicationInput(overrides.webServerFqdn ?? `www${randomUUID().slice(0, 8)}.example.co.jp`, overrides);
      const result = await bus.execute(new SubmitApplicationCommand(input, meta(staff.screener)));
      return result.contractId;
    },
    async pass(contractId) {
      await h.exec(
        { type: 'PassScreening', contractId, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
        staff.screener,
      );
    },
    async activeContract(overrides = {}) {
      const id = await h.submit(overrides);
      await h.pass(id);
      await h.advance({ days: 0 });
      return id;
    },
    async pay(contractId, amountJpy) {
      const c = await h.contract(contractId);
      const amount = amountJpy ?? c.invoice!.totalJpy - c.invoice!.paidJpy;
      const today = new Date(clock.now().getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
      await h.exec({ type: 'RecordPayment', contractId, amountJpy: amount, paidOn: today, bankReference: `bank-${randomUUID()}` }, staff.billing);
    },
    async advance(input) {
      const { now } = await engine.advanceClock(input);
      return now;
    },
    async contract(contractId) {
      const { state } = await executor.load(deciders.contract, contractStreamId(contractId));
      if (!isContract(state)) throw new Error(`no contract ${contractId}`);
      return state;
    },
    async events(contractId) {
      const recorded = await store.readStream(contractStreamId(contractId));
      return Promise.all(recorded.map(async (r) => ({ recorded: r, ...(await serializer.decode(r)) }))) as Promise<
        Array<{ recorded: RecordedEvent; event: ContractEvent; envelope: EventEnvelope }>
      >;
    },
    async types(contractId) {
      return (await store.readStream(contractStreamId(contractId))).map((r) => r.type);
    },
    async notices(contractId, kind) {
      const out = [];
      for (const e of await h.events(contractId)) {
        if (e.event.type !== 'CustomerNotified') continue;
        if (kind && e.event.data.kind !== kind) continue;
        out.push({ kind: e.event.data.kind, sentAt: e.event.data.sentAt, recipient: e.event.data.recipient, position: e.recorded.position });
      }
      return out;
    },
    async close() {
      await module.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The position of the first event of `type` (and matching `where`) in a list of decoded events. */
export function positionOf(
  events: Array<{ recorded: RecordedEvent; event: ContractEvent }>,
  type: string,
  where: (e: ContractEvent) => boolean = () => true,
): bigint {
  const found = events.find((e) => e.event.type === type && where(e.event));
  if (!found) throw new Error(`no ${type} in ${events.map((e) => e.event.type).join(', ')}`);
  return found.recorded.position;
}
