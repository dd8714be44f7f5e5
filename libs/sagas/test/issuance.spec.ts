import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { contractReference } from '@pfw/notifications';
import { CONTACT_EMAIL, createHarness, DAY, positionOf, START, type Harness } from './support/harness';

function openssl(args: string[]): { status: number | null; output: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('issuance saga (Art. 4, 5)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('Art. 4: ScreeningPassed → SCREENING_RESULT, invoice + INVOICE, certificate from the local CA, delivered by e-mail, CERTIFICATE_DELIVERY — openssl verifies it', async () => {
    const id = await h.submit();
    await h.pass(id);
    expect(await h.types(id)).toEqual(['ApplicationSubmitted', 'ScreeningPassed']);

    await h.advance({ days: 0 });

    const c = await h.contract(id);
    expect(c.status).toBe('ACTIVE');
    expect(c.invoice).not.toBeNull();
    expect(c.certificates).toHaveLength(1);
    const events = await h.events(id);
    const types = events.map((e) => e.event.type);
    for (const t of ['InvoiceIssued', 'CertificateRequested', 'CertificateIssued', 'CertificateDelivered']) expect(types.filter((x) => x === t)).toHaveLength(1);
    expect((await h.notices(id)).map((n) => n.kind).sort()).toEqual(['CERTIFICATE_DELIVERY', 'INVOICE', 'SCREENING_RESULT']);
    // Issued before delivered, delivery notice after the delivery.
    expect(positionOf(events, 'CertificateIssued')).toBeLessThan(positionOf(events, 'CertificateDelivered'));
    expect(positionOf(events, 'CertificateDelivered')).toBeLessThan(positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'CERTIFICATE_DELIVERY'));

    // Every saga-made event says no person did it.
    for (const e of events.slice(2)) {
      expect(e.envelope.actor.role).toBe('SYSTEM');
      expect(e.envelope.actor.id).toMatch(/^saga:/);
    }
    const issued = events.find((e) => e.event.type === 'CertificateIssued')!;
    expect(issued.envelope.actor.id).toBe('saga:issuance');

    // Each notice went to the contact, naming the contract.
    expect(h.transport.sent.map((m) => m.to[0]!.address)).toEqual([CONTACT_EMAIL, CONTACT_EMAIL, CONTACT_EMAIL]);
    for (const m of h.transport.sent) expect(m.headers?.['X-PFW-Contract-Reference']).toBe(contractReference(id));

    // The certificate the saga obtained is a real one, signed by the local CA.
    const cert = c.certificates[0]!;
    expect(cert.notBefore.getTime()).toBe(START.getTime());
    const certFile = join(h.dir, 'issued.pem');
    const caFile = join(h.dir, 'ca.pem');
    writeFileSync(certFile, cert.pem);
    writeFileSync(caFile, h.ca.caCertificatePem());
    const at = String(Math.floor(START.getTime() / 1000) + 60);
    const verified = openssl(['verify', '-attime', at, '-CAfile', caFile, certFile]);
    expect(verified.output.trim()).toBe(`${certFile}: OK`);
    const text = openssl(['x509', '-in', certFile, '-noout', '-text', '-serial']).output;
    expect(text).toContain(`DNS:${c.webServerFqdn}`);
    expect(text).toContain(`serial=${cert.serialNumber}`);
    // Art. 11: within the BR cap in force (200 days from 2026-03-15) and within coverage.
    expect(cert.notAfter.getTime() - cert.notBefore.getTime() + 1000).toBeLessThanOrEqual(200 * DAY);
  });

  it('DOWNLOAD is delivered automatically too; POST waits for an operator and gets no e-mailed delivery notice', async () => {
    const download = await h.submit({ certificateDeliveryMethod: 'DOWNLOAD' });
    const post = await h.submit({ certificateDeliveryMethod: 'POST' });
    await h.pass(download);
    await h.pass(post);
    await h.advance({ days: 0 });
    expect((await h.contract(download)).status).toBe('ACTIVE');
    expect((await h.notices(download, 'CERTIFICATE_DELIVERY'))).toHaveLength(1);
    const posted = await h.contract(post);
    expect(posted.status).toBe('ISSUED');
    expect(await h.notices(post, 'CERTIFICATE_DELIVERY')).toHaveLength(0);
  });

  it('a replay of the whole log (checkpoints reset) re-sends no command and no notice', async () => {
    const id = await h.activeContract();
    const head = await h.store.headPosition();
    const sent = h.transport.sent.length;
    const before = await h.sagaStore.listDeadlines();
    await h.sagaStore.db.updateTable('saga_checkpoints').set({ position: null }).execute();
    await h.advance({ days: 0 });
    expect(await h.store.headPosition()).toBe(head);
    expect(h.transport.sent).toHaveLength(sent);
    const after = await h.sagaStore.listDeadlines();
    expect(after.map((d) => [d.id, d.status])).toEqual(before.map((d) => [d.id, d.status]));
    expect((await h.contract(id)).status).toBe('ACTIVE');
  });
});
