import { randomBytes } from 'node:crypto';
import type { ContractEvent, EventEnvelope } from '@pfw/domain';
import type { JsonObject } from '@pfw/event-store';
import {
  CIPHERTEXT_PREFIX, EventEncodingError, EventSerializer, PersonalDataTransformer, PersonalDataUnavailableError, SEALED_MARKER, SEALED_MEMBER,
  SEAL_PREFIX, parseCiphertext, personalDataInventory, personalDataScope, personalFieldPaths, personalLeaves, sealField,
  type DataKeyLookup, type DataKeyProvider,
} from '@pfw/event-serialization';
import { CONTRACT_ID } from '../../domain/test/support/fixtures';
import { sampleContractHistories, sampleServiceEvents } from './support/samples';

const STREAM = `contract-${CONTRACT_ID}`;

/** An in-memory key provider: keys by contract, destroyable, losable. */
class MemoryKeys implements DataKeyProvider {
  readonly keys = new Map<string, Uint8Array>();
  readonly destroyed = new Map<string, Date>();
  async keyForWrite(contractId: string): Promise<Uint8Array | null> {
    if (this.destroyed.has(contractId)) return null;
    let key = this.keys.get(contractId);
    if (!key) this.keys.set(contractId, (key = randomBytes(32)));
    return key;
  }
  async keyForRead(contractId: string): Promise<DataKeyLookup> {
    const destroyedAt = this.destroyed.get(contractId);
    if (destroyedAt) return { state: 'destroyed', destroyedAt };
    const key = this.keys.get(contractId);
    return key ? { state: 'active', key } : { state: 'missing' };
  }
  destroy(contractId: string): void {
    this.keys.delete(contractId);
    this.destroyed.set(contractId, new Date('2026-04-05T00:00:00Z'));
  }
}

const envelope = (n: number): EventEnvelope => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  actor: { id: 'saga:test', role: 'SYSTEM' },
  correlationId: 'corr-1',
  causationId: null,
  commandName: 'Test',
  occurredAt: new Date('2026-04-01T01:00:00.000Z'),
  termsVersion: '1',
});

/** As the store hands it back: the stored JSON parsed again. */
const stored = (n: number, type: string, data: JsonObject, metadata: JsonObject) => ({
  id: envelope(n).eventId, type, streamId: STREAM, data: JSON.parse(JSON.stringify(data)) as JsonObject, metadata: JSON.parse(JSON.stringify(metadata)) as JsonObject,
});

/** Every string leaf of a value, with its path. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
}

const get = (data: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], data);

/** Decodes a stored event whose contract was shredded: every personal field present when written reads as null, and is named. */
async function expectShredded(serializer: EventSerializer, event: ContractEvent, n: number, out: { type: string; data: JsonObject; metadata: JsonObject }) {
  const decoded = await serializer.decode(stored(n, out.type, out.data, out.metadata));
  const expectedNull = personalFieldPaths(event.type).filter((p) => typeof get(event.data, p) === 'string');
  expect([...decoded.shreddedFields].sort()).toEqual([...expectedNull].sort());
  for (const path of personalFieldPaths(event.type)) expect(get(decoded.event.data, path) ?? null).toBeNull();
  return decoded;
}

async function encodeAll(serializer: EventSerializer, events: readonly ContractEvent[]) {
  return Promise.all(events.map(async (e, i) => ({ event: e, n: i, out: await serializer.encode(e, envelope(i), STREAM) })));
}

describe('personal data in events: which fields (issue 8)', () => {
  it('marks the applicant’s details, addresses, recipients, notes, the CSR and the requested subject; keeps ids, dates, amounts, type, plan and FQDN clear', () => {
    const submitted = personalFieldPaths('ApplicationSubmitted');
    expect(submitted).toEqual(expect.arrayContaining([
      'applicant.organizationName', 'applicant.corporateNumber', 'applicant.address.postalCode', 'applicant.address.prefecture',
      'applicant.address.city', 'applicant.address.street', 'applicant.representativeName', 'applicant.contact.name',
      'applicant.contact.email', 'applicant.contact.phone', 'deliveryAddress.street', 'csr.pem',
    ]));
    for (const clear of ['contractId', 'applicant.organizationType', 'webServerFqdn', 'planMonths', 'submittedAt', 'csr.sha256', 'documents[].sha256', 'termsVersion']) {
      expect(submitted).not.toContain(clear);
    }
    expect(personalFieldPaths('CustomerNotified')).toEqual(['recipient', 'note']);
    expect(personalFieldPaths('StickerLent')).toEqual(['address.postalCode', 'address.prefecture', 'address.city', 'address.street']);
    expect(personalFieldPaths('CertificateDelivered')).toEqual(expect.arrayContaining(['recipient', 'address.street']));
    expect(personalFieldPaths('ScreeningFailed')).toEqual(['note']);
    // The issued certificate is public (CT logs): its subject and PEM stay as the CA made them.
    expect(personalFieldPaths('CertificateIssued')).toEqual([]);
    expect(personalFieldPaths('InvoiceIssued')).toEqual([]);
    expect(personalFieldPaths('TermsRevised')).toEqual([]);
    expect(personalDataInventory().every((i) => i.paths.length > 0)).toBe(true);
    expect(personalDataScope()).toContain('ApplicationSubmitted.applicant.contact.email');
  });
});

describe('PersonalDataTransformer: AES-256-GCM per contract, in the one serializer', () => {
  const histories = sampleContractHistories();
  const all = histories.flat();

  it('seals all personal fields of an event together (one enc:v2 seal, format 2 in the metadata) and reads every event back exactly', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    let sealedFields = 0;
    let seals = 0;
    for (const { event, n, out } of await encodeAll(serializer, all)) {
      expect(out.metadata['personalDataFormat']).toBe(2);
      let here = 0;
      for (const path of personalFieldPaths(event.type)) {
        const original = get(event.data, path);
        const kept = get(out.data, path);
        if (original === null || original === undefined) {
          expect(kept ?? null).toBeNull();
          continue;
        }
        expect(kept).toBe(SEALED_MARKER);
        here++;
      }
      sealedFields += here;
      if (here > 0) {
        seals++;
        expect(String(out.data[SEALED_MEMBER]).startsWith(`${SEAL_PREFIX}${CONTRACT_ID}:`)).toBe(true);
      } else {
        expect(out.data[SEALED_MEMBER]).toBeUndefined();
      }
      const decoded = await serializer.decode(stored(n, out.type, out.data, out.metadata));
      expect(decoded.event).toEqual(event);
      expect(decoded.shreddedFields).toEqual([]);
    }
    expect(sealedFields).toBeGreaterThan(30);
    // One AEAD per event, not per field.
    expect(seals).toBeLessThan(sealedFields / 2);
    // The clear facts stay clear.
    const submitted = (await encodeAll(serializer, [histories[0]![0]!]))[0]!.out.data as Record<string, any>;
    expect(submitted.webServerFqdn).toBe((histories[0]![0]!.data as { webServerFqdn: string }).webServerFqdn);
    expect(submitted.applicant.organizationType).toBe('CORPORATION');
    expect(submitted.planMonths).toBe(12);
    expect(submitted.contractId).toBe(CONTRACT_ID);
    // No personal string survives in the stored JSON (except in the certificate the CA issued: public by design).
    const personalValues = new Set(all.flatMap((e) => personalFieldPaths(e.type).map((p) => get(e.data, p)).filter((v): v is string => typeof v === 'string' && v.length > 3)));
    // (A value some clear field also holds — a termination reason copied into its notice's note — is not counted.)
    const clearValues = new Set(all.flatMap((e) => strings(e.data).filter(([p]) => !personalFieldPaths(e.type).includes(p.replace(/\[\d+\]/g, '[]'))).map(([, v]) => v)));
    for (const v of clearValues) personalValues.delete(v);
    const storedText = JSON.stringify((await encodeAll(serializer, all)).filter((x) => x.event.type !== 'CertificateIssued').map((x) => x.out.data));
    for (const value of personalValues) expect(storedText).not.toContain(value);
    expect(personalValues.size).toBeGreaterThan(10);
  });

  it('service events and events without personal fields pass through untouched', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const plain = new EventSerializer();
    for (const [i, e] of sampleServiceEvents().entries()) {
      expect((await serializer.encode(e, envelope(i), 'service')).data).toEqual((await plain.encode(e, envelope(i))).data);
    }
    expect(keys.keys.size).toBe(0);
  });

  it('a seal moved to another event, a flipped bit, or markers moved or removed do not read: PersonalDataUnavailableError, never a wrong value', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const [submitted] = await encodeAll(serializer, [histories[0]![0]!]);
    const data = submitted!.out.data as Record<string, any>;
    // The same event under another id (AAD binds the event id).
    const other = { ...stored(0, 'ApplicationSubmitted', data, submitted!.out.metadata) };
    other.metadata = { ...other.metadata, eventId: envelope(7).eventId };
    const error = await serializer.decode(other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalDataUnavailableError);
    expect(error).toMatchObject({ reason: 'UNREADABLE', contractId: CONTRACT_ID, eventType: 'ApplicationSubmitted' });
    // One flipped bit in the seal.
    const tampered = structuredClone(data);
    const parsed = parseCiphertext(data[SEALED_MEMBER], SEAL_PREFIX)!;
    parsed.sealed[14] ^= 1;
    tampered[SEALED_MEMBER] = `${SEAL_PREFIX}${CONTRACT_ID}:${parsed.sealed.toString('base64')}`;
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', tampered, submitted!.out.metadata))).rejects.toMatchObject({ reason: 'UNREADABLE' });
    // A marker removed (the field would silently read as null) or a personal value put beside the seal.
    const unmarked = structuredClone(data);
    unmarked.applicant.contact.phone = null;
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', unmarked, submitted!.out.metadata))).rejects.toMatchObject({ reason: 'UNREADABLE' });
    const planted = structuredClone(data);
    planted.applicant.contact.phone = '090-0000-0000';
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', planted, submitted!.out.metadata))).rejects.toMatchObject({ reason: 'MALFORMED', path: 'applicant.contact.phone' });
    // A marker added where the seal holds nothing (a personal field that is null in its event).
    const withNull = all.find((e) => personalFieldPaths(e.type).some((p) => !p.includes('[]') && get(e.data, p) === null))!;
    const nullPath = personalFieldPaths(withNull.type).find((p) => !p.includes('[]') && get(withNull.data, p) === null)!;
    const withNullOut = await serializer.encode(withNull, envelope(3), STREAM);
    const marked = structuredClone(withNullOut.data) as Record<string, any>;
    const segments = nullPath.split('.');
    segments.slice(0, -1).reduce((o, k) => o[k], marked)[segments[segments.length - 1]!] = SEALED_MARKER;
    await expect(serializer.decode(stored(3, withNull.type, marked, withNullOut.metadata))).rejects.toMatchObject({ name: 'PersonalDataUnavailableError', path: nullPath });
    // The seal removed.
    const { [SEALED_MEMBER]: _seal, ...unsealed } = data;
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', unsealed, submitted!.out.metadata))).rejects.toMatchObject({ reason: 'MALFORMED' });
    // Untouched, it still reads.
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', data, submitted!.out.metadata))).resolves.toMatchObject({ event: histories[0]![0] });
  });

  it('a destroyed key (crypto-shredded) reads as null on every personal path, named in shreddedFields; the rest stays', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const encoded = await encodeAll(serializer, all);
    keys.destroy(CONTRACT_ID);
    for (const { event, n, out } of encoded) {
      const decoded = await expectShredded(serializer, event, n, out);
      // Everything that is not personal data reads as before.
      const personal = new Set(personalFieldPaths(event.type));
      for (const [path, value] of strings(event.data)) {
        if (!personal.has(path.replace(/\[\d+\]/g, '[]'))) expect(get(decoded.event.data, path.replace(/\[(\d+)\]/g, '.$1'))).toEqual(value);
      }
    }
    // Writing to a shredded contract keeps no new personal data: the field is recorded as null.
    const notified = all.find((e) => e.type === 'CustomerNotified')!;
    const out = await serializer.encode(notified, envelope(99), STREAM);
    expect(out.data['recipient']).toBeNull();
    expect((await serializer.decode(stored(99, out.type, out.data, out.metadata))).event.data).toMatchObject({ recipient: null });
  });

  it('a lost key (no key, no record of its destruction) is a typed error naming the contract, event and field', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const [submitted] = await encodeAll(serializer, [histories[0]![0]!]);
    keys.keys.clear();
    const error = await serializer.decode(stored(0, 'ApplicationSubmitted', submitted!.out.data, submitted!.out.metadata)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalDataUnavailableError);
    expect(error).toMatchObject({ reason: 'KEY_MISSING', contractId: CONTRACT_ID, eventId: envelope(0).eventId });
    expect((error as Error).message).toContain(`personal data of contract ${CONTRACT_ID} is unavailable in ApplicationSubmitted`);
    // Another key under the same contract id (a key store from elsewhere): the ciphertexts do not authenticate.
    keys.keys.set(CONTRACT_ID, randomBytes(32));
    await expect(serializer.decode(stored(0, 'ApplicationSubmitted', submitted!.out.data, submitted!.out.metadata))).rejects.toMatchObject({ reason: 'UNREADABLE' });
  });

  it('needs the contract stream to pick the key (ApplicationSubmitted names its contract itself); plaintext from before encryption reads as is', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const notified = all.find((e) => e.type === 'CustomerNotified')!;
    await expect(serializer.encode(notified, envelope(1))).rejects.toThrow(EventEncodingError);
    await expect(serializer.encode(notified, envelope(1))).rejects.toThrow(/data\.recipient.*contract stream id/);
    const submitted = histories[0]![0]!;
    const out = await serializer.encode(submitted, envelope(0));
    expect(JSON.stringify(out.data)).not.toContain('株式会社サンプル');
    const legacy = await new EventSerializer().encode(submitted, envelope(0));
    expect((await serializer.decode(stored(0, legacy.type, legacy.data, legacy.metadata))).event).toEqual(submitted);
  });
});

describe('format 1 events (one seal per field, written before format 2) still read', () => {
  const histories = sampleContractHistories();
  const all = histories.flat();

  /** An event as format 1 stored it: metadata without personalDataFormat, each personal leaf an enc:v1 ciphertext. */
  async function formatOne(keys: MemoryKeys, event: ContractEvent, n: number) {
    const plain = await new EventSerializer().encode(event, envelope(n), STREAM);
    const { personalDataFormat: _absent, ...metadata } = plain.metadata;
    const { copy, leaves } = personalLeaves(plain.type, plain.data);
    const key = (await keys.keyForWrite(CONTRACT_ID))!;
    for (const leaf of leaves) {
      if (typeof leaf.value === 'string') leaf.set(sealField(key, leaf.value, { contractId: CONTRACT_ID, eventId: envelope(n).eventId, type: plain.type, path: leaf.path }));
    }
    return { type: plain.type, data: copy as JsonObject, metadata: metadata as JsonObject };
  }

  it('given a log of format-1 and format-2 events of one contract, when it is read, then both read exactly; when the contract is shredded, then neither reveals a personal field', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const log = await Promise.all(
      all.map(async (event, n) => ({ event, n, out: n % 2 === 0 ? await formatOne(keys, event, n) : await serializer.encode(event, envelope(n), STREAM) })),
    );
    const oldOnes = log.filter((l) => l.n % 2 === 0 && personalFieldPaths(l.event.type).some((p) => typeof get(l.event.data, p) === 'string'));
    expect(oldOnes.length).toBeGreaterThan(3);
    for (const { out } of oldOnes) {
      expect(out.metadata['personalDataFormat']).toBeUndefined();
      expect(JSON.stringify(out.data)).toContain(`${CIPHERTEXT_PREFIX}${CONTRACT_ID}:`);
    }
    for (const { event, n, out } of log) {
      const decoded = await serializer.decode(stored(n, out.type, out.data, out.metadata));
      expect(decoded.event).toEqual(event);
      expect(decoded.shreddedFields).toEqual([]);
    }

    keys.destroy(CONTRACT_ID);
    for (const { event, n, out } of log) await expectShredded(serializer, event, n, out);
  });

  it('a format-1 field moved to another field does not decrypt (its path is in the additional data)', async () => {
    const keys = new MemoryKeys();
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(keys) });
    const out = await formatOne(keys, histories[0]![0]!, 0);
    const data = out.data as Record<string, any>;
    const swapped = structuredClone(data);
    [swapped.applicant.contact.email, swapped.applicant.contact.phone] = [data.applicant.contact.phone, data.applicant.contact.email];
    const error = await serializer.decode(stored(0, out.type, swapped, out.metadata)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PersonalDataUnavailableError', reason: 'UNREADABLE', contractId: CONTRACT_ID });
    expect((error as Error).message).toMatch(/applicant\.contact\.(email|phone)/);
  });

  it('a format this code does not know is refused, not guessed', async () => {
    const serializer = new EventSerializer({ transformer: new PersonalDataTransformer(new MemoryKeys()) });
    const out = await serializer.encode(histories[0]![0]!, envelope(0), STREAM);
    await expect(serializer.decode(stored(0, out.type, out.data, { ...out.metadata, personalDataFormat: 3 }))).rejects.toThrow(/personalDataFormat.*format 3/);
  });
});
