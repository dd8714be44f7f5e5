import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, DAY, positionOf, staff, type Harness } from './support/harness';

function openssl(args: string[]): string {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

describe('revocation saga (Art. 6, 7) and the BR deadlines', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('Art. 7(2): a customer’s request → REVOCATION_NOTICE → RevocationRequested → CA → CertificateRevoked → REVOCATION_RESULT; openssl crl lists the serial with its reason', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.exec({ type: 'InitiateRevocation', contractId: id, reason: 'CUSTOMER_REQUEST', crlReason: 'AFFILIATION_CHANGED', note: 'the customer asked by phone' });
    await h.advance({ days: 0 });

    const events = await h.events(id);
    const notice = positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_NOTICE');
    const requested = positionOf(events, 'RevocationRequested');
    const revoked = positionOf(events, 'CertificateRevoked');
    const result = positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_RESULT');
    expect(notice).toBeLessThan(requested);
    expect(requested).toBeLessThan(revoked);
    expect(revoked).toBeLessThan(result);
    const c = await h.contract(id);
    expect(c.status).toBe('REVOKED');
    expect(c.certificates[0]!.crlReason).toBe('AFFILIATION_CHANGED');

    const crlDer = join(h.dir, 'crl.der');
    writeFileSync(crlDer, await h.ca.currentCrlDer());
    const text = openssl(['crl', '-inform', 'DER', '-in', crlDer, '-noout', '-text']);
    expect(text).toContain(`Serial Number: ${c.certificates[0]!.serialNumber}`);
    expect(text).toContain('Affiliation Changed');
  });

  it('Art. 7(1): a key compromise goes to the CA at once, without a notice; the result is still reported (24 h deadline)', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    const reportedAt = h.clock.now();
    await h.exec({ type: 'ReportTrustImpaired', contractId: id, cause: 'KEY_COMPROMISE', reportedAt, note: 'private key published', caOrderId: 'kc-order-1' });
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('REVOKED');
    expect(c.revocation!.deadline.getTime() - reportedAt.getTime()).toBe(DAY);
    expect(c.certificates[0]!.crlReason).toBe('KEY_COMPROMISE');
    expect(await h.notices(id, 'REVOCATION_NOTICE')).toHaveLength(0);
    expect(await h.notices(id, 'REVOCATION_RESULT')).toHaveLength(1);
    expect((await h.types(id)).filter((t) => t === 'RevocationRequested')).toHaveLength(1);
  });

  it('Art. 6: while the service is suspended a CA request waits (escalated near its deadline); on resume it goes out', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.service({ type: 'SuspendService', reason: 'CA outage (force majeure)' });
    await h.exec({ type: 'ReportTrustImpaired', contractId: id, cause: 'OTHER', reportedAt: h.clock.now(), note: 'site defaced', caOrderId: 'ti-order-1' });
    await h.advance({ days: 2 });
    expect(await h.types(id)).not.toContain('RevocationRequested');
    expect((await h.contract(id)).status).toBe('REVOCATION_REQUESTED');
    // The revocation could not meet its 24 h deadline: staff see it.
    const stuck = await h.ops.stuckProcesses();
    const escalation = stuck.find((p) => p.kind === 'revocation.escalate' && p.contractId === id)!;
    expect(escalation.lastError).toMatch(/TRUST_IMPAIRED.*BR §4\.9\.1\.1 deadline/);
    const pending = await h.sagaStore.listDeadlines({ contractId: id, status: 'pending' });
    expect(pending.map((d) => d.kind)).toContain('revocation.send');

    await h.service({ type: 'ResumeService', reason: 'CA back' });
    await h.advance({ days: 0 });
    expect((await h.types(id)).filter((t) => t === 'RevocationRequested')).toHaveLength(1);
    expect((await h.contract(id)).status).toBe('REVOKED');

    // Once the CA answered, running the escalation again finds nothing to escalate.
    await h.ops.retryProcess(escalation.id);
    await h.advance({ days: 0 });
    expect((await h.ops.stuckProcesses()).map((p) => p.id)).not.toContain(escalation.id);
    expect((await h.sagaStore.getDeadline(escalation.id))!.outcome).toMatch(/^skipped: the CA answered/);
  });

  it('Art. 6: an accepted application’s certificate request waits for the resume, then the certificate is issued', async () => {
    h = await createHarness();
    await h.service({ type: 'SuspendService', reason: 'CA outage' });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 3 });
    const types = await h.types(id);
    expect(types).toContain('InvoiceIssued');
    expect(types).not.toContain('CertificateRequested');
    expect((await h.contract(id)).status).toBe('ACCEPTED');

    await h.service({ type: 'ResumeService' });
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('ACTIVE');
    expect(c.certificates[0]!.notBefore).toEqual(new Date(Math.floor(h.clock.now().getTime() / 1000) * 1000));
  });

  it('BR §4.9.1.1: a revocation the CA does not answer is escalated 6 h before its deadline and shows in stuckProcesses', async () => {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    await h.ca.processPendingOrders();
    await h.advance({ days: 0 });
    expect((await h.contract(id)).status).toBe('ACTIVE');
    await h.exec({ type: 'InitiateRevocation', contractId: id, reason: 'PROHIBITED_ACT', note: 'phishing site confirmed' });
    await h.advance({ days: 4 });
    expect(await h.ops.stuckProcesses()).toHaveLength(0);
    await h.advance({ days: 1 });
    const [escalation] = await h.ops.stuckProcesses();
    expect(escalation).toMatchObject({ source: 'SAGA_STEP', saga: 'revocation', contractId: id, kind: 'revocation.escalate' });
    expect(escalation!.lastError).toMatch(/PROHIBITED_ACT.*REQUESTED.*the CA’s answer/);
    const c = await h.contract(id);
    // Escalated 6 h before the 5-day deadline, with the clock at that time.
    expect(escalation!.stuckAt).toEqual(new Date(c.revocation!.deadline.getTime() - 6 * 60 * 60 * 1000));

    await h.ca.processPendingOrders();
    await h.advance({ days: 0 });
    expect((await h.contract(id)).status).toBe('REVOKED');
    await h.ops.retryProcess(escalation!.id);
    await h.advance({ days: 0 });
    expect(await h.ops.stuckProcesses()).toHaveLength(0);
  });

  it('the operator roles of the table are kept: a SECOM revocation is recorded as the staff member, the CA steps as the saga', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.exec({ type: 'InitiateRevocation', contractId: id, reason: 'CUSTOMER_REQUEST' }, staff.operator);
    await h.advance({ days: 0 });
    const events = await h.events(id);
    expect(events.find((e) => e.event.type === 'RevocationInitiated')!.envelope.actor).toEqual(staff.operator);
    expect(events.find((e) => e.event.type === 'RevocationRequested')!.envelope.actor).toEqual({ id: 'saga:revocation', role: 'SYSTEM' });
    // The whole chain shares the operator's correlation id.
    const correlation = events.find((e) => e.event.type === 'RevocationInitiated')!.envelope.correlationId;
    expect(events.find((e) => e.event.type === 'CertificateRevoked')!.envelope.correlationId).toBe(correlation);
  });
});
