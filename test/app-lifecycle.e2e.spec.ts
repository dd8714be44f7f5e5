import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@pfw/auth';
import { DEFAULT_POLICY } from '@pfw/domain';
import { accept, ApiHarness, CONTRACT_FIELDS, startApi, submit, until } from './support/api';

/**
 * The whole service as `npm start` runs it (ROLE=all, CLOCK=simulated): the sagas issue, invoice, deliver,
 * and — the fee unpaid — remind, give notice and revoke, through the built-in local CA, whose public CRL
 * then lists the certificate (Art. 4, 5, 7).
 */
describe('the service end to end, sagas included (simulated clock)', () => {
  let api: ApiHarness;
  let dir: string;
  beforeAll(async () => {
    api = await startApi({ env: { ROLE: 'all', CLOCK: 'simulated' } });
    dir = mkdtempSync(join(tmpdir(), 'pfw-lifecycle-'));
  }, 60_000);
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const contract = async (id: string) =>
    (await api.gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id })).body.data!.contract;
  const advance = async (days: number) => {
    const res = await api.gql(Role.ADMIN, 'mutation($i: AdvanceClockInput!) { advanceClock(input: $i) { now } }', { i: { days } });
    expect(res.body.errors).toBeUndefined();
    return new Date(res.body.data!.advanceClock.now);
  };

  it('issues through the sagas, then revokes for non-payment after the notice; the CRL lists the serial', async () => {
    const { id } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
    await accept(api, id);

    // Issuance saga: SCREENING_RESULT notice, invoice + INVOICE notice, CA order → issued → delivered by e-mail.
    const active = await until('issued and delivered', () => contract(id), (c) => c.status === 'ACTIVE', 60_000);
    expect(active.invoice).toMatchObject({ status: 'OPEN' });
    expect(active.currentCertificate.serialNumber).toMatch(/^[0-9A-F]+$/);
    const kinds = (c: { notifications: { kind: string }[] }) => c.notifications.map((n) => n.kind);
    await until('notices recorded', () => contract(id), (c) => ['SCREENING_RESULT', 'INVOICE', 'CERTIFICATE_DELIVERY'].every((k) => kinds(c).includes(k)));

    // The issued certificate verifies against the CA certificate served publicly.
    const caPem = (await api.http().get('/ca/certificate')).text;
    writeFileSync(join(dir, 'ca.pem'), caPem);
    writeFileSync(join(dir, 'cert.pem'), active.certificates[0].pem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'cert.pem')]).toString()).toContain('OK');

    // Unpaid: due 30 days after receipt → overdue + PAYMENT_REMINDER; 14 days' grace → REVOCATION_NOTICE → request.
    await advance(31);
    const overdue = await until('overdue', () => contract(id), (c) => c.invoice.status === 'OVERDUE' && kinds(c).includes('PAYMENT_REMINDER'));
    expect(kinds(overdue)).not.toContain('REVOCATION_NOTICE');
    await advance(15);
    const revoked = await until('revoked', () => contract(id), (c) => c.status === 'REVOKED' && kinds(c).includes('REVOCATION_RESULT'), 60_000);
    expect(revoked.revocation).toMatchObject({ reason: 'NON_PAYMENT', crlReason: 'PRIVILEGE_WITHDRAWN', status: 'REVOKED' });
    const notice = kinds(revoked).indexOf('REVOCATION_NOTICE');
    expect(notice).toBeGreaterThan(kinds(revoked).indexOf('PAYMENT_REMINDER'));

    // The notice went out before the request (Art. 7(2)): in the log, CustomerNotified(REVOCATION_NOTICE) precedes RevocationRequested.
    const trail = (await api.gql(Role.AUDITOR, 'query($id: ID!) { auditTrail(contractId: $id) { type data } }', { id })).body.data!.auditTrail as {
      type: string;
      data: { kind?: string };
    }[];
    const noticeAt = trail.findIndex((e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_NOTICE');
    const requestAt = trail.findIndex((e) => e.type === 'RevocationRequested');
    expect(noticeAt).toBeGreaterThanOrEqual(0);
    expect(requestAt).toBeGreaterThan(noticeAt);
    expect(trail.filter((e) => e.type === 'RevocationRequested')).toHaveLength(1);

    const crl = await api.http().get('/ca/crl').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    writeFileSync(join(dir, 'crl.der'), crl.body as Buffer);
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-noout', '-text']).toString();
    expect(text).toContain(`Serial Number: ${revoked.certificates[0].serialNumber}`);
    expect(text).toContain('Privilege Withdrawn');
  }, 180_000);
});
