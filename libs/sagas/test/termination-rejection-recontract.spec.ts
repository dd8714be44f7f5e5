import { addDays, periodEnd, startOfJapanDay, toJapanDate } from '@pfw/domain';
import { createHarness, positionOf, staff, type Harness } from './support/harness';

describe('termination, rejection/withdrawal and re-contract sagas', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('Art. 14: the e-mailed termination notice is sent; on the effective date → ContractTerminated and the TERMINATION revocation, without another notice', async () => {
    const id = await h.activeContract({ stickerRequested: true });
    await h.exec({ type: 'LendSticker', contractId: id, stickerSerial: 'STK-0100', shippedOn: '2026-12-01' });
    await h.pay(id);
    const noticedOn = toJapanDate(h.clock.now());
    const effectiveOn = addDays(periodEnd(noticedOn, 3), 1);
    await h.exec({ type: 'NoticeTermination', contractId: id, noticedOn, effectiveOn, channel: 'EMAIL', reason: 'service reorganization' }, staff.admin);
    await h.advance({ days: 0 });
    expect(h.transport.kinds()).toContain('TERMINATION_NOTICE');
    expect(await h.notices(id, 'TERMINATION_NOTICE')).toHaveLength(1);

    await h.advance({ to: startOfJapanDay(effectiveOn) });
    const events = await h.events(id);
    const terminated = events.find((e) => e.event.type === 'ContractTerminated')!;
    expect(terminated.envelope.occurredAt).toEqual(startOfJapanDay(effectiveOn));
    const requested = events.find((e) => e.event.type === 'RevocationRequested')!;
    expect(requested.event.type === 'RevocationRequested' && requested.event.data.reason).toBe('TERMINATION');
    expect(requested.event.type === 'RevocationRequested' && requested.event.data.crlReason).toBe('CESSATION_OF_OPERATION');
    expect(await h.notices(id, 'REVOCATION_NOTICE')).toHaveLength(0);
    expect(await h.notices(id, 'REVOCATION_RESULT')).toHaveLength(1);
    const c = await h.contract(id);
    expect(c.status).toBe('TERMINATED');
    expect(c.certificates[0]!.crlReason).toBe('CESSATION_OF_OPERATION');
    expect(c.sticker.status).toBe('RETURN_REQUESTED');
  });

  it('Art. 4: a rejection is notified, then the files are deleted (digests kept in the log)', async () => {
    const id = await h.submit();
    await h.exec({ type: 'FailScreening', contractId: id, reasons: ['NO_JAPAN_BASE'], note: 'address abroad' }, staff.screener);
    await h.advance({ days: 0 });
    const events = await h.events(id);
    expect(positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'SCREENING_RESULT')).toBeLessThan(
      positionOf(events, 'SubmittedDocumentsDiscarded'),
    );
    const c = await h.contract(id);
    expect(c.documentsDiscarded).toBe(true);
    expect([...h.documents.destroyed].sort()).toEqual(c.documents.map((d) => d.id).sort());
    const discarded = events.find((e) => e.event.type === 'SubmittedDocumentsDiscarded')!;
    expect(discarded.event.type === 'SubmittedDocumentsDiscarded' && discarded.event.data.documents.every((d) => /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);
    const mail = h.transport.sent.find((m) => m.headers?.['X-PFW-Notification-Kind'] === 'SCREENING_RESULT')!;
    expect(mail.subject).toContain('登録不受理');
  });

  it('Art. 4: a withdrawal deletes the files at once', async () => {
    const id = await h.submit();
    await h.exec({ type: 'WithdrawApplication', contractId: id, note: 'customer changed plans' }, staff.screener);
    await h.advance({ days: 0 });
    expect((await h.contract(id)).documentsDiscarded).toBe(true);
    expect(h.documents.destroyed).toHaveLength((await h.contract(id)).documents.length);
    // Only this application's documents: the store leaves any other application's alone.
    expect(h.documents.owners).toEqual([id]);
  });

  it('Art. 4: a store that does not hold the submitted files records no discard: the step is stuck until a person retries it', async () => {
    const id = await h.submit();
    const submitted = (await h.contract(id)).documents.map((d) => d.id);
    h.documents.missing.add(submitted[0]!);
    await h.exec({ type: 'WithdrawApplication', contractId: id, note: 'customer changed plans' }, staff.screener);
    await h.advance({ days: 0 });
    expect((await h.events(id)).map((e) => e.event.type)).not.toContain('SubmittedDocumentsDiscarded');
    expect((await h.contract(id)).documentsDiscarded).toBe(false);
    const stuck = (await h.engine.stuckProcesses()).filter((p) => p.contractId === id);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]!.lastError).toContain(submitted[0]!);

    // The files turn up (the right store is reachable again): the retried step deletes them and records it.
    h.documents.missing.clear();
    await h.engine.retryProcess(stuck[0]!.id);
    await h.advance({ days: 0 });
    expect((await h.contract(id)).documentsDiscarded).toBe(true);
  });

  it('Art. 8: when the superseding contract’s certificate is delivered, the old certificate is revoked (SUPERSEDED) after its notice', async () => {
    const old = await h.activeContract();
    await h.pay(old);
    const replacement = await h.activeContract({ supersedes: old });
    const events = await h.events(old);
    const initiated = events.find((e) => e.event.type === 'RevocationInitiated')!;
    expect(initiated.event.type === 'RevocationInitiated' && initiated.event.data).toMatchObject({ reason: 'SUPERSEDED', supersededBy: replacement, crlReason: 'SUPERSEDED' });
    expect(initiated.envelope.actor).toEqual({ id: 'saga:re-contract', role: 'SYSTEM' });
    expect(positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_NOTICE')).toBeLessThan(
      positionOf(events, 'RevocationRequested'),
    );
    expect((await h.contract(old)).status).toBe('REVOKED');
    expect((await h.contract(replacement)).status).toBe('ACTIVE');
  });
});
