import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AuditLogService, openLiveAuditLog, verifyAuditLog, type AuditExportRecord } from '@pfw/audit';
import { Role } from '@pfw/auth';
import { DocumentStore } from '@pfw/documents';
import { toJapanDate } from '@pfw/domain';
import { personalDataScope } from '@pfw/event-serialization';
import { FileNotificationTransport, NotificationOutbox, OutboxDispatcher, SENT_DIRECTORY, SqlOutboxStore } from '@pfw/notifications';
import { ContractKeyPayloadProtector, PersonalDataShredder, SqlDataKeyStore } from '@pfw/personal-data';
import { CONTRACTS_PROJECTION_NAME, ProjectionRegistry, READ_MODEL_DB } from '@pfw/read-models';
import {
  accept, applicationInput, CONTRACT_FIELDS, PAYLOAD, startApi, uniqueFqdn, uploadRequired, type ApiHarness,
} from './support/api';
import { makeCsrPem } from './support/csr';

/**
 * Issue 8, end to end on the api as `npm start` wires it: an application with a unique name, e-mail and phone is
 * submitted, rejected, notified (outbox + file transport), its documents destroyed and its personal data
 * crypto-shredded; then no file under DATA_DIR holds those values in any encoding, every read path shows them as
 * null, a second (accepted) contract still shows its own, a rebuild answers the same, and the audit log verifies.
 */

/** `n` random CJK unified ideographs: text that appears nowhere by chance. */
const kanji = (n: number) => String.fromCodePoint(...Array.from({ length: n }, () => 0x4e00 + randomInt(0x9fa5 - 0x4e00)));
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

interface Person {
  readonly organizationName: string;
  readonly representativeName: string;
  readonly contactName: string;
  readonly email: string;
  readonly phone: string;
  readonly phoneDigits: string;
  readonly city: string;
  readonly street: string;
  /** The values to look for in the files (the unique parts). */
  readonly needles: readonly string[];
}

function person(): Person {
  const org = kanji(5);
  const rep = kanji(4);
  const contact = kanji(4);
  const city = kanji(3);
  const street = kanji(3);
  const email = `shred.${randomBytes(6).toString('hex')}@example.co.jp`;
  const phoneDigits = `090${digits(8)}`;
  return {
    organizationName: `株式会社${org}`,
    representativeName: rep,
    contactName: contact,
    email,
    phone: `${phoneDigits.slice(0, 3)}-${phoneDigits.slice(3, 7)}-${phoneDigits.slice(7)}`,
    phoneDigits,
    city: `${city}市`,
    street: `${street}1-2-3`,
    needles: [org, rep, contact, city, street, email, phoneDigits, `${phoneDigits.slice(0, 3)}-${phoneDigits.slice(3, 7)}-${phoneDigits.slice(7)}`],
  };
}

/** Every byte form a stored string can take: UTF-8, JSON `\uXXXX` escapes (both cases), UTF-16 LE and BE. */
function encodings(text: string): Array<{ form: string; bytes: Buffer }> {
  const escaped = (upper: boolean) =>
    [...text].map((c) => (c.charCodeAt(0) > 0x7e ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}` : c)).join('');
  const be = Buffer.from(text, 'utf16le');
  be.swap16();
  return [
    { form: 'utf-8', bytes: Buffer.from(text, 'utf8') },
    { form: 'json \\u (lower)', bytes: Buffer.from(escaped(false), 'utf8') },
    { form: 'json \\u (upper)', bytes: Buffer.from(escaped(true), 'utf8') },
    { form: 'utf-16le', bytes: Buffer.from(text, 'utf16le') },
    { form: 'utf-16be', bytes: be },
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

/** Where each needle occurs in the raw bytes of every file under `dir` (the SQLite files, their WAL, mail, keys…). */
function scan(dir: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  const files = filesUnder(dir);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (const { form, bytes: b } of encodings(needle)) {
        if (bytes.includes(b)) found.push(`${relative(dir, file)}: "${needle}" (${form})`);
      }
    }
  }
  return found;
}

const CONTRACT_QUERY = `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;

describe('crypto-shredding of a rejected application (issue 8, Art. 4)', () => {
  let api: ApiHarness;
  let kinds: string[];
  const rejected = person();
  const accepted = person();
  let rejectedId: string;
  let acceptedId: string;
  let rejectedDocs: string[];
  const note = `電話 ${rejected.phone} で ${rejected.representativeName} 様に確認済み`;

  const contract = async (id: string) => {
    const res = await api.gql(Role.AUDITOR, CONTRACT_QUERY, { id });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.contract as Record<string, any>;
  };

  async function submitAs(p: Person, documentIds: string[]): Promise<string> {
    const fqdn = uniqueFqdn();
    // With a clientMutationId: the idempotency store keeps its first answer (which must hold no personal data).
    const input = applicationInput({ fqdn, csrPem: await makeCsrPem(fqdn), documentIds, clientMutationId: randomUUID() });
    const applicant = {
      organizationName: p.organizationName, organizationType: 'CORPORATION', corporateNumber: null,
      address: { postalCode: '150-0001', prefecture: '東京都', city: p.city, street: p.street },
      representativeName: p.representativeName,
      contact: { name: p.contactName, email: p.email, phone: p.phone },
    };
    const res = await api.gql(Role.SCREENER, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${PAYLOAD} } }`, { i: { ...input, applicant } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.submitApplication.contract.id as string;
  }

  beforeAll(async () => {
    api = await startApi();
    kinds = (await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }')).body.data!.documentRequirements;
    acceptedId = await submitAs(accepted, await uploadRequired(api, kinds));
    await accept(api, acceptedId);
    rejectedDocs = await uploadRequired(api, kinds);
    rejectedId = await submitAs(rejected, rejectedDocs);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('before the rejection, queries show what the applicant submitted (and the files hold it: the scan finds what it looks for)', async () => {
    const c = await contract(rejectedId);
    expect(c.applicant).toMatchObject({
      organizationName: rejected.organizationName, representativeName: rejected.representativeName,
      contact: { name: rejected.contactName, email: rejected.email, phone: rejected.phoneDigits },
      address: { city: rejected.city, street: rejected.street },
    });
    expect(c.personalDataShredded).toBe(false);
    const byName = await api.gql(Role.AUDITOR, `query($n: String) { contracts(filter: { organizationName: $n }) { totalCount edges { node { id } } } }`, { n: rejected.organizationName });
    expect(byName.body.data!.contracts.edges.map((e: any) => e.node.id)).toEqual([rejectedId]);
    // The read model keeps the plaintext (the view row): the scanner sees it.
    expect(scan(api.dataDir, rejected.needles).some((f) => f.startsWith('read-models.sqlite'))).toBe(true);
    // The event log does not: personal fields are ciphertext there from the start.
    expect(scan(api.dataDir, rejected.needles).filter((f) => f.startsWith('events.sqlite'))).toEqual([]);
  });

  it('rejection → SCREENING_RESULT notice (outbox sealed with the contract key, file transport) → documents destroyed → shredded: no file under DATA_DIR holds the values', async () => {
    const failed = await api.gql(Role.SCREENER, `mutation($i: FailScreeningInput!) { failScreening(input: $i) { contract { status } } }`, {
      i: { contractId: rejectedId, reasons: ['DOCUMENTS_INCOMPLETE'], note },
    });
    expect(failed.body.errors).toBeUndefined();

    // The notice path as the rejection saga runs it: outbox (sealed with the contract's key) → file transport → CustomerNotified.
    const store = new SqlOutboxStore(api.app.get(READ_MODEL_DB));
    const protector = api.app.get(ContractKeyPayloadProtector);
    const outbox = new NotificationOutbox({ store, protector });
    await outbox.enqueue({
      notice: {
        kind: 'SCREENING_RESULT', outcome: 'REJECTED', decidedOn: toJapanDate(new Date()), reasons: ['DOCUMENTS_INCOMPLETE'], note,
        contract: { contractId: rejectedId, organizationName: rejected.organizationName, contactName: rejected.contactName, fqdn: 'www.example.co.jp' },
      },
      causationId: `test-${randomUUID()}`,
      recipient: { email: rejected.email, name: rejected.contactName },
    });
    // Sealed at rest: the outbox row holds no plaintext.
    const [queued] = await store.listByContract(rejectedId);
    const sealed = Buffer.from((await store.get(queued!.id))!.payload!);
    expect(rejected.needles.filter((needle) => sealed.includes(Buffer.from(needle)))).toEqual([]);
    const dispatcher = new OutboxDispatcher({
      store,
      protectors: [protector],
      transport: new FileNotificationTransport({ directory: join(api.dataDir, SENT_DIRECTORY) }),
      onAccepted: async (n) => {
        if (n.kind !== 'SCREENING_RESULT') throw new Error(`unexpected ${n.kind}`);
        await api.system({ type: 'NotifyCustomer', contractId: n.contractId, kind: n.kind, channel: n.channel, recipient: n.recipient, termsVersion: null });
      },
    });
    const report = await dispatcher.drain();
    expect(report).toMatchObject({ recorded: 1 });
    // The sent mail is plaintext on disk (what SMTP would have carried) until it is purged.
    expect(scan(api.dataDir, [rejected.email]).some((f) => f.startsWith(SENT_DIRECTORY))).toBe(true);

    await api.system({ type: 'DiscardSubmittedDocuments', contractId: rejectedId });
    await api.app.get(DocumentStore).destroy(rejectedDocs);

    const shred = await api.app.get(PersonalDataShredder).shredContract(rejectedId, { id: 'saga:rejection', role: 'SYSTEM' });
    expect(shred).toMatchObject({ contractId: rejectedId, recorded: true, keyDeleted: true, readModelCaughtUp: true, checkpoint: { truncated: true } });
    expect(shred.purged).toMatchObject({ outbox: 1, sentMail: 1 });
    await store.close();

    const leaks = scan(api.dataDir, [...rejected.needles, note]);
    expect(leaks).toEqual([]);
    // The scan does look everywhere: the accepted contract's values are still in the files.
    expect(scan(api.dataDir, accepted.needles).length).toBeGreaterThan(0);
    // And it looked at every kind of file the installation keeps.
    const files = filesUnder(api.dataDir).map((f) => relative(api.dataDir, f));
    expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'read-models.sqlite']));
    expect(files.every((f) => statSync(join(api.dataDir, f)).isFile())).toBe(true);

    // Shredding again changes nothing and fails nothing.
    const again = await api.app.get(PersonalDataShredder).shredContract(rejectedId, { id: 'saga:rejection', role: 'SYSTEM' });
    expect(again).toMatchObject({ recorded: false, keyDeleted: false, position: shred.position });
  });

  it('after shredding every read path shows the fields as null with personalDataShredded; the accepted contract still shows its own', async () => {
    const c = await contract(rejectedId);
    expect(c.personalDataShredded).toBe(true);
    expect(c.status).toBe('REJECTED');
    expect(c.applicant).toEqual({
      organizationName: null, organizationType: 'CORPORATION', corporateNumber: null, representativeName: null,
      address: { postalCode: null, prefecture: null, city: null, street: null }, contact: { name: null, email: null, phone: null },
    });
    expect(c.screening).toMatchObject({ result: 'FAILED', reasons: ['DOCUMENTS_INCOMPLETE'], note: null });
    expect(c.documentsDiscarded).toBe(true);
    expect(c.notifications.map((n: any) => n.kind)).toEqual(['SCREENING_RESULT']);

    const other = await contract(acceptedId);
    expect(other.personalDataShredded).toBe(false);
    expect(other.applicant).toMatchObject({ organizationName: accepted.organizationName, contact: { email: accepted.email, phone: accepted.phoneDigits } });

    const byName = await api.gql(Role.AUDITOR, `query($n: String) { contracts(filter: { organizationName: $n }) { edges { node { id } } } }`, { n: rejected.organizationName });
    expect(byName.body.data!.contracts.edges).toEqual([]);
    const queue = await api.gql(Role.SCREENER, '{ screeningQueue { id applicant { organizationName } } }');
    expect(queue.body.errors).toBeUndefined();

    const trail = await api.gql(Role.AUDITOR, `query($id: ID!) { auditTrail(contractId: $id) { type data leafHash } }`, { id: rejectedId });
    expect(trail.body.errors).toBeUndefined();
    const events = trail.body.data!.auditTrail as Array<{ type: string; data: any }>;
    expect(events.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'ScreeningFailed', 'CustomerNotified', 'SubmittedDocumentsDiscarded', 'PersonalDataShredded']);
    expect(events[0]!.data.applicant).toMatchObject({ organizationName: null, organizationType: 'CORPORATION', contact: { email: null, phone: null } });
    expect(events[0]!.data.webServerFqdn).toMatch(/\.example\.co\.jp$/);
    expect(events[1]!.data).toMatchObject({ reasons: ['DOCUMENTS_INCOMPLETE'], note: null });
    expect(events[2]!.data).toMatchObject({ kind: 'SCREENING_RESULT', recipient: null });
    expect(events[4]!.data.scope).toContain('ApplicationSubmitted.applicant.contact.email');
    expect(JSON.stringify(events)).not.toContain(rejected.email);

    // As of an instant before the shredding: the fields are gone there too, and the contract says why.
    const asOf = await api.gql(Role.AUDITOR, `query($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { status personalDataShredded applicant { organizationName contact { email } } } }`, {
      id: rejectedId, at: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(asOf.body.errors).toBeUndefined();
    expect(asOf.body.data!.contractAsOf).toEqual({ status: 'REJECTED', personalDataShredded: true, applicant: { organizationName: null, contact: { email: null } } });
  });

  it('a projection rebuild over the shredded log gives the same answers; the audit log (its follower ran over the shredded events) verifies live, and its export keeps the ciphertext', async () => {
    const before = [await contract(rejectedId), await contract(acceptedId)];
    const registry = api.app.get(ProjectionRegistry);
    const rebuilt = await registry.rebuild(CONTRACTS_PROJECTION_NAME);
    expect(rebuilt).toBeTruthy();
    expect(await registry.waitForPosition((await api.head())!, 10_000, [CONTRACTS_PROJECTION_NAME])).toBe(true);
    expect([await contract(rejectedId), await contract(acceptedId)]).toEqual(before);
    expect(registry.get(CONTRACTS_PROJECTION_NAME).status().state).not.toBe('failed');

    const audit = api.app.get(AuditLogService);
    await audit.catchUp();
    await audit.checkpoint();
    const live = openLiveAuditLog(api.app.get(READ_MODEL_DB), api.dataDir);
    try {
      const result = await verifyAuditLog(live.records());
      expect(result).toMatchObject({ ok: true, mismatch: null });
      expect(result.events).toBeGreaterThan(5);
      const records: AuditExportRecord[] = [];
      for await (const r of live.records()) records.push(r);
      const exported = records.map((r) => JSON.stringify(r)).join('\n');
      for (const needle of rejected.needles) expect(exported).not.toContain(needle);
      expect(exported).toContain(`enc:v2:${rejectedId}:`);
    } finally {
      live.close();
    }
    // Nothing the rebuild or the audit wrote brought the values back.
    expect(scan(api.dataDir, rejected.needles)).toEqual([]);
  });

  it('a withdrawal shredded by the ShredPersonalData command alone (a saga without the service): the module follows the log and destroys the key', async () => {
    const withdrawn = person();
    const id = await submitAs(withdrawn, await uploadRequired(api, kinds));
    const res = await api.gql(Role.SCREENER, `mutation($i: WithdrawApplicationInput!) { withdrawApplication(input: $i) { contract { status } } }`, {
      i: { contractId: id, note: `${withdrawn.contactName} 様より電話` },
    });
    expect(res.body.errors).toBeUndefined();
    const keys = api.app.get(SqlDataKeyStore);
    expect(await keys.isDestroyed(id)).toBe(false);
    await api.system({ type: 'ShredPersonalData', contractId: id, scope: personalDataScope() });
    for (let i = 0; i < 100 && !(await keys.isDestroyed(id)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await keys.isDestroyed(id)).toBe(true);
    const c = await contract(id);
    expect(c).toMatchObject({ status: 'WITHDRAWN', personalDataShredded: true, applicant: { organizationName: null, contact: { email: null } } });
    // The follower checkpointed after the read model applied it.
    for (let i = 0; i < 100 && scan(api.dataDir, withdrawn.needles).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(scan(api.dataDir, withdrawn.needles)).toEqual([]);
  });
});
