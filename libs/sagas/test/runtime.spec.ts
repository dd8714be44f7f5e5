import { rmSync } from 'node:fs';
import { CaUnavailableError, type CaGateway, type LocalCertificateAuthority } from '@pfw/ca-gateway';
import { InvalidInput } from '@pfw/domain';
import { READ_MODEL_DB, rebuildProjection, type Projection } from '@pfw/read-models';
import { CA_CANCEL_ORDER, ClockNotSimulatedError, DeadlinePoller, done, type ActionDefinition, type ActionServices, type SagaDefinition } from '@pfw/sagas';
import { createHarness, DAY, type Harness } from './support/harness';

/** A CA gateway in front of the local CA that can be "down" (every order throws CaUnavailableError). */
class FlakyCa implements CaGateway {
  down = true;
  submits = 0;
  readonly issuanceRequests: Array<Parameters<CaGateway['submitIssuance']>[0]> = [];
  constructor(private readonly inner: LocalCertificateAuthority) {}
  private check(): void {
    if (this.down) throw new CaUnavailableError('connect ETIMEDOUT ca.example:443');
  }
  async submitIssuance(r: Parameters<CaGateway['submitIssuance']>[0]) {
    this.submits += 1;
    this.issuanceRequests.push(r);
    this.check();
    return this.inner.submitIssuance(r);
  }
  async submitRevocation(r: Parameters<CaGateway['submitRevocation']>[0]) {
    this.check();
    return this.inner.submitRevocation(r);
  }
  async cancelOrder(r: Parameters<CaGateway['cancelOrder']>[0]) {
    this.check();
    return this.inner.cancelOrder(r);
  }
  pollStatus(ids: readonly string[]) {
    return this.inner.pollStatus(ids);
  }
  results(options?: Parameters<CaGateway['results']>[0]) {
    return this.inner.results(options);
  }
  acknowledge(id: string) {
    return this.inner.acknowledge(id);
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}

describe('saga runtime: retries, stuck steps, the clock, rebuilds, restarts', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('Art. 4(3): every rerun of the issuance step sends the identical request, built from recorded facts (no current time in notBefore)', async () => {
    let flaky: FlakyCa | undefined;
    h = await createHarness({ wrapCa: (ca) => (flaky = new FlakyCa(ca)) });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    await h.advance({ days: 1 });
    const requests = flaky!.issuanceRequests;
    expect(requests).toHaveLength(4);
    for (const r of requests) expect(r).toEqual(requests[0]);
    const order = (await h.contract(id)).pendingOrder!;
    expect(requests[0]!.notBefore.getTime()).toBe(Math.floor(order.requestedAt.getTime() / 1000) * 1000);
  });

  it('a step that runs longer than its lease keeps its claim: it is renewed while the step runs, so no other poller takes it', async () => {
    h = await createHarness();
    let wall = new Date('2026-06-01T00:00:00Z');
    const renewals: boolean[] = [];
    const renew = h.sagaStore.renew.bind(h.sagaStore);
    jest.spyOn(h.sagaStore, 'renew').mockImplementation(async (...args) => {
      const held = await renew(...args);
      renewals.push(held);
      return held;
    });
    let stolen: boolean | null = null;
    const slow: ActionDefinition<typeof CA_CANCEL_ORDER> = {
      kind: CA_CANCEL_ORDER,
      caBound: false,
      async run(ctx) {
        // Longer than the 60 s lease, as a slow CA call would take…
        wall = new Date(wall.getTime() + 61_000);
        const before = renewals.length;
        for (let i = 0; i < 500 && renewals.length === before; i++) await new Promise((r) => setTimeout(r, 5));
        // …yet another poller still cannot claim it.
        stolen = await h.sagaStore.claim(ctx.deadline.id, 'another-process', wall, new Date(wall.getTime() + 60_000));
        return done('slow step finished');
      },
    };
    const poller = new DeadlinePoller({
      store: h.sagaStore,
      actions: new Map([[CA_CANCEL_ORDER, slow as ActionDefinition]]),
      // The step above uses none of the services.
      services: {} as ActionServices,
      clock: h.clock,
      leaseMs: 60_000,
      renewEveryMs: 10,
      wallClock: () => wall,
    });
    const id = 'renewal-test/step';
    await h.sagaStore.insertStandalone(
      { id, saga: 'test', contractId: 'c-1', kind: CA_CANCEL_ORDER, dueAt: h.clock.now(), payload: { orderId: 'o-1', reason: 'test' }, triggerEventId: null, triggerPosition: 0n, step: 0, correlationId: 'corr', causationId: null },
      h.clock.now(),
    );
    await poller.runDue();
    expect(stolen).toBe(false);
    expect(renewals[0]).toBe(true);
    expect(await h.sagaStore.getDeadline(id)).toMatchObject({ status: 'done' });
  });

  it('a CA that is down: the step retries with exponential backoff, then is stuck with its error; retryProcess runs it again', async () => {
    let flaky: FlakyCa | null = null;
    h = await createHarness({ wrapCa: (ca) => (flaky = new FlakyCa(ca)) });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    const stepId = `issuance/${id}/ca-issue:${(await h.contract(id)).pendingOrder!.caOrderId}`;
    let step = (await h.sagaStore.getDeadline(stepId))!;
    expect(step).toMatchObject({ status: 'pending', attempts: 1 });
    expect(step.lastError).toContain('CaUnavailableError: connect ETIMEDOUT');
    // Backoff of the harness: 60 s, then × 2.
    expect(step.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(60_000);

    await h.advance({ days: 1 });
    step = (await h.sagaStore.getDeadline(stepId))!;
    expect(step).toMatchObject({ status: 'stuck', attempts: 4 });
    expect(flaky!.submits).toBe(4);
    const stuck = await h.ops.stuckProcesses();
    expect(stuck).toEqual([
      expect.objectContaining({ id: stepId, source: 'SAGA_STEP', saga: 'issuance', contractId: id, kind: 'ca.submitIssuance', attempts: 4 }),
    ]);
    expect(stuck[0]!.lastError).toContain('ETIMEDOUT');
    expect((await h.contract(id)).status).toBe('CERTIFICATE_REQUESTED');

    flaky!.down = false;
    await h.ops.retryProcess(stepId);
    await h.advance({ days: 0 });
    expect((await h.contract(id)).status).toBe('ACTIVE');
    expect(await h.ops.stuckProcesses()).toEqual([]);
    await expect(h.ops.retryProcess(stepId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an SMTP server refusing: the notice is stuck (nothing dropped); after retryProcess it is sent and CustomerNotified recorded once', async () => {
    h = await createHarness({ notifications: { retry: { initialDelayMs: 1000, factor: 2, maxDelayMs: 4000, maxAttempts: 3 } } });
    h.transport.failing = true;
    const id = await h.submit();
    await h.exec({ type: 'FailScreening', contractId: id, reasons: ['DOCUMENTS_INCOMPLETE'] }, { id: 'staff-screener-1', role: 'SCREENER' });
    await h.advance({ days: 1 });
    const stuck = await h.ops.stuckProcesses();
    expect(stuck).toEqual([expect.objectContaining({ source: 'NOTIFICATION', saga: 'rejection', contractId: id, kind: 'notice:SCREENING_RESULT', attempts: 3 })]);
    expect(stuck[0]!.lastError).toContain('ECONNECTION');
    expect(stuck[0]!.lastError).not.toContain('hanako@');
    // The notice did not go out, so it was not recorded, and the files wait for it (Art. 4).
    expect(await h.notices(id)).toHaveLength(0);
    expect(h.documents.destroyed).toHaveLength(0);

    h.transport.failing = false;
    await h.ops.retryProcess(stuck[0]!.id);
    await h.advance({ days: 0 });
    expect(await h.notices(id, 'SCREENING_RESULT')).toHaveLength(1);
    expect(h.transport.sent).toHaveLength(1);
    expect((await h.contract(id)).documentsDiscarded).toBe(true);
    expect(await h.ops.stuckProcesses()).toEqual([]);
  });

  it('advanceClock answers CLOCK_NOT_SIMULATED with the system clock, and refuses to go back', async () => {
    h = await createHarness({ systemClock: true });
    const refused = h.ops.advanceClock({ days: 1 });
    await expect(refused).rejects.toBeInstanceOf(ClockNotSimulatedError);
    await expect(refused).rejects.toMatchObject({ code: 'CLOCK_NOT_SIMULATED' });
    await h.close();
    h = await createHarness();
    await expect(h.ops.advanceClock({ to: new Date(h.clock.now().getTime() - 1) })).rejects.toBeInstanceOf(InvalidInput);
    await expect(h.ops.advanceClock({ days: -1 })).rejects.toBeInstanceOf(InvalidInput);
    const from = h.clock.now().getTime();
    const { now } = await h.ops.advanceClock({ days: 1.5 });
    expect(now).toEqual(new Date(from + 1.5 * DAY));
    expect(h.clock.now()).toEqual(now);
  });

  it('a projection rebuild and a replay of a contract read the log without the sagas: nothing is scheduled, sent or written', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    const head = await h.store.headPosition();
    const deadlines = await h.sagaStore.listDeadlines();
    const checkpoints = await h.sagaStore.db.selectFrom('saga_checkpoints').selectAll().orderBy('saga').execute();
    const sent = h.transport.sent.length;

    const counted: string[] = [];
    const projection: Projection = {
      name: 'saga_isolation_probe',
      version: 1,
      handles: ['RevocationInitiated', 'InvoiceIssued', 'ScreeningPassed'],
      tables: ['saga_isolation_probe'],
      async createTables(db) {
        await db.schema.createTable('saga_isolation_probe').addColumn('id', 'text').execute();
      },
      async apply(_trx, event) {
        counted.push(event.type);
      },
    };
    const db = h.module.get(READ_MODEL_DB);
    await rebuildProjection({ db, store: h.store, projection });
    await h.events(id); // the audit's way of reading a stream back
    await h.engine.poller.runDue();
    expect(counted).toEqual(['ScreeningPassed', 'InvoiceIssued']);
    expect(await h.store.headPosition()).toBe(head);
    expect(await h.sagaStore.listDeadlines()).toEqual(deadlines);
    expect(await h.sagaStore.db.selectFrom('saga_checkpoints').selectAll().orderBy('saga').execute()).toEqual(checkpoints);
    expect(h.transport.sent).toHaveLength(sent);
  });

  it('picks up where it stopped after a restart: scheduled steps survive in the database and run once', async () => {
    h = await createHarness();
    const dir = h.dir;
    const id = await h.submit();
    await h.pass(id);
    for (const s of h.engine.subscribers) await s.catchUp(); // scheduled, not run
    expect((await h.sagaStore.listDeadlines({ contractId: id, status: 'pending' })).length).toBeGreaterThan(0);
    await h.module.close();

    const again = await createHarness({ dir });
    h = { ...again, close: async () => { await again.close(); rmSync(dir, { recursive: true, force: true }); } };
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('ACTIVE');
    const types = await h.types(id);
    for (const t of ['InvoiceIssued', 'CertificateRequested', 'CertificateIssued', 'CertificateDelivered']) expect(types.filter((x) => x === t)).toHaveLength(1);
    expect((await h.notices(id)).map((n) => n.kind).sort()).toEqual(['CERTIFICATE_DELIVERY', 'INVOICE', 'SCREENING_RESULT']);
  });

  it('a saga that cannot react to an event stops at it (nothing skipped), shows in stuckProcesses, and goes on after retryProcess', async () => {
    let broken = true;
    const probe: SagaDefinition<{ seen: number }> = {
      name: 'probe',
      handles: ['ScreeningPassed'],
      initialState: { seen: 0 },
      react(state, { envelope }) {
        if (broken) throw new Error('probe cannot handle this yet');
        return { state: { seen: state.seen + 1 }, schedule: [{ key: 'after-screening', kind: 'command.IssueInvoice', dueAt: envelope.occurredAt, payload: { invoiceId: 'inv-probe' } }] };
      },
    };
    h = await createHarness({ sagas: { sagas: [probe as unknown as SagaDefinition], tuning: { pollIntervalMs: 50, subscriberRetry: { initialDelayMs: 60_000 } } } });
    await h.engine.start();
    const id = await h.submit();
    await h.pass(id);
    await waitFor(async () => (await h.ops.stuckProcesses()).length > 0);
    const [stuck] = await h.ops.stuckProcesses();
    expect(stuck).toMatchObject({ id: 'subscriber:probe', source: 'SAGA_SUBSCRIBER', saga: 'probe', kind: 'subscriber' });
    expect(stuck!.lastError).toContain('probe cannot handle this yet');
    expect(await h.types(id)).not.toContain('InvoiceIssued');

    broken = false;
    await h.ops.retryProcess('subscriber:probe');
    await waitFor(async () => (await h.types(id)).includes('InvoiceIssued'));
    expect(await h.ops.stuckProcesses()).toEqual([]);
    expect((await h.contract(id)).invoice!.invoiceId).toBe('inv-probe');
  });

  it('in the background (ROLE worker/all) the sagas follow the log and act on what is due without advanceClock', async () => {
    h = await createHarness({ sagas: { tuning: { pollIntervalMs: 50 } } });
    await h.engine.start();
    const id = await h.submit();
    await h.pass(id);
    await waitFor(async () => (await h.contract(id)).status === 'ACTIVE' && (await h.notices(id)).length === 3);
    // Nothing is due later than now yet: the payment deadline waits for the clock.
    expect(await h.types(id)).not.toContain('PaymentOverdue');
    expect(h.clock.now().getTime()).toBeLessThan(Date.parse('2026-12-02T00:00:00Z'));
    await h.advance({ days: 31 });
    expect(await h.types(id)).toContain('PaymentOverdue');
    expect(h.engine.status().every((s) => s.state === 'live')).toBe(true);
  });
});
