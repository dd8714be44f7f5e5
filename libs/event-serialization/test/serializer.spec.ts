import fc from 'fast-check';
import { contractDecider, foldContract, isContract, type ContractEvent, type EventEnvelope } from '@pfw/domain';
import { SqliteEventStore, type JsonObject } from '@pfw/event-store';
import {
  bigint, CURRENT_SCHEMA_VERSIONS, EventDecodingError, EventEncodingError, EventSerializer, instant, object, string, UpcasterRegistry, type PayloadTransformer,
} from '@pfw/event-serialization';
import { intentsArb, play } from '../../domain/test/support/random-commands';
import { sampleContractHistories, sampleServiceEvents, sampleUploadEvents } from './support/samples';

const envelope = (n: number, at = new Date('2026-04-01T01:00:00.123Z')): EventEnvelope => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  actor: { id: 'saga:issuance', role: 'SYSTEM' },
  correlationId: 'corr-1',
  causationId: n === 0 ? null : `00000000-0000-4000-8000-${String(n - 1).padStart(12, '0')}`,
  commandName: 'PassScreening',
  occurredAt: at,
  termsVersion: '1',
});

/** What the store hands back: the JSON text stored, parsed again (no shared object references). */
const stored = (id: string, type: string, data: JsonObject, metadata: JsonObject) => ({ id, type, data: JSON.parse(JSON.stringify(data)), metadata: JSON.parse(JSON.stringify(metadata)) });

describe('EventSerializer: the one place event JSON is written and read', () => {
  const serializer = new EventSerializer();

  it('round-trips every event type (Dates, Japan dates, nested values) through stored JSON, with the envelope', async () => {
    const seen = new Set<string>();
    const all = [...sampleContractHistories().flat(), ...sampleServiceEvents(), ...sampleUploadEvents()];
    for (const [i, event] of all.entries()) {
      const env = envelope(i);
      const out = await serializer.encode(event, env);
      expect(out.type).toBe(event.type);
      expect(out.metadata).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type], eventId: env.eventId, occurredAt: '2026-04-01T01:00:00.123Z' });
      const back = await serializer.decode(stored(env.eventId, out.type, out.data, out.metadata));
      expect(back.event).toEqual(event);
      expect(back.envelope).toEqual(env);
      seen.add(event.type);
    }
    expect([...seen].sort()).toEqual(Object.keys(CURRENT_SCHEMA_VERSIONS).sort());
  });

  it('writes instants as ISO 8601 strings and Japan dates as YYYY-MM-DD in the stored JSON', async () => {
    const history = sampleContractHistories()[2];
    const invoice = history.find((e) => e.type === 'InvoiceIssued')!;
    const out = await serializer.encode(invoice, envelope(1));
    expect(out.data).toMatchObject({ issuedOn: '2026-04-01', dueOn: '2026-05-01', totalJpy: 66_000 });
    const submitted = await serializer.encode(history[0], envelope(0));
    expect(submitted.data['submittedAt']).toBe('2026-04-01T01:00:00.000Z');
  });

  it('round-trips random histories produced by random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(intentsArb, async (intents) => {
        const { events } = play(intents);
        const decoded: ContractEvent[] = [];
        for (const [i, e] of events.entries()) {
          const out = await serializer.encode(e, envelope(i));
          decoded.push((await serializer.decode(stored(`id-${i}`, out.type, out.data, out.metadata))).event as ContractEvent);
        }
        expect(decoded).toEqual(events);
        expect(foldContract(decoded)).toEqual(foldContract(events));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through the SQLite event store', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    try {
      const events = sampleContractHistories()[5];
      const data = await Promise.all(events.map(async (e, i) => ({ id: envelope(i).eventId, ...(await serializer.encode(e, envelope(i))) })));
      await store.append('contract-x', data, 'no_stream');
      const read = await store.readStream('contract-x');
      const decoded = await Promise.all(read.map((r) => serializer.decode(r)));
      expect(decoded.map((d) => d.event)).toEqual(events);
      expect(decoded.map((d) => d.envelope.eventId)).toEqual(read.map((r) => r.id));
    } finally {
      await store.close();
    }
  });

  it('Art. 2: upcasts a stored v1 ApplicationSubmitted (no CA agreements recorded) to v2 with caAgreementsAccepted null', async () => {
    const submitted = sampleContractHistories()[2][0];
    const out = await serializer.encode(submitted, envelope(1));
    const { caAgreementsAccepted: _none, ...v1data } = out.data as Record<string, unknown>;
    const back = await serializer.decode(stored('old-0', 'ApplicationSubmitted', v1data as JsonObject, { ...out.metadata, schemaVersion: 1 } as JsonObject));
    expect(back.storedSchemaVersion).toBe(1);
    expect(back.event).toEqual({ ...submitted, data: { ...submitted.data, caAgreementsAccepted: null } });
  });

  it('upcasts a stored v1 ScreeningPassed (no coverageStartsOn) to v2 with the Japan date of passedAt', async () => {
    const v1 = {
      id: 'old-1',
      type: 'ScreeningPassed',
      data: {
        screener: { id: 'staff-1', role: 'SCREENER' },
        checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true },
        passedAt: '2026-03-31T15:30:00.000Z',
      },
      metadata: { ...(await serializer.encode(sampleContractHistories()[2][1], envelope(1))).metadata, schemaVersion: 1 },
    };
    const back = await serializer.decode(v1);
    expect(back.storedSchemaVersion).toBe(1);
    expect(back.event).toEqual({
      type: 'ScreeningPassed',
      data: { ...v1.data, passedAt: new Date('2026-03-31T15:30:00.000Z'), coverageStartsOn: '2026-04-01' },
    });
    // An old stream still folds: coverage starts on the upcast date.
    const submitted = sampleContractHistories()[2][0];
    const state = foldContract([submitted, back.event as ContractEvent]);
    expect(isContract(state) && [state.coverageStartsOn, state.coverageEndsOn]).toEqual(['2026-04-01', '2027-04-01']);
    // Metadata written before schema versions existed counts as v1.
    const { schemaVersion: _dropped, ...noVersion } = v1.metadata as Record<string, unknown>;
    expect((await serializer.decode({ ...v1, metadata: noVersion })).event.data).toMatchObject({ coverageStartsOn: '2026-04-01' });
  });

  it('refuses to decode a version it has no upcaster for, or one written by newer code', async () => {
    const bare = new EventSerializer({ upcasters: new UpcasterRegistry() });
    const v1 = { id: 'old-1', type: 'ScreeningPassed', data: { screener: { id: 's', role: 'SCREENER' }, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true }, passedAt: '2026-03-31T15:30:00.000Z' }, metadata: { ...(await serializer.encode(sampleContractHistories()[2][1], envelope(1))).metadata, schemaVersion: 1 } };
    await expect(bare.decode(v1)).rejects.toThrow(/no upcaster for ScreeningPassed v1 → v2/);
    await expect(serializer.decode({ ...v1, metadata: { ...v1.metadata, schemaVersion: 3 } })).rejects.toThrow(/newer version/);
  });

  it('refuses to encode an unknown type, a missing or unknown field, or a wrong value (nothing half-written)', async () => {
    const e = sampleContractHistories()[2][2]; // InvoiceIssued
    await expect(serializer.encode({ type: 'Mystery', data: {} }, envelope(0))).rejects.toThrow(EventEncodingError);
    await expect(serializer.encode({ type: e.type, data: { ...e.data, extra: 1 } }, envelope(0))).rejects.toThrow(/data\.extra: unknown field|at data\.extra/);
    const { dueOn: _d, ...missing } = e.data as unknown as Record<string, unknown>;
    await expect(serializer.encode({ type: e.type, data: missing }, envelope(0))).rejects.toThrow(/at data\.dueOn: missing/);
    await expect(serializer.encode({ type: e.type, data: { ...e.data, dueOn: '2026-02-30' } }, envelope(0))).rejects.toThrow(/data\.dueOn/);
    await expect(serializer.encode(e, { ...envelope(0), occurredAt: new Date('x') })).rejects.toThrow(/metadata\.occurredAt/);
  });

  it('refuses to decode malformed stored events, naming the event id and the field', async () => {
    const e = sampleContractHistories()[2][0];
    const out = await serializer.encode(e, envelope(0));
    const bad = (data: JsonObject, metadata: JsonObject = out.metadata) => serializer.decode({ id: 'ev-9', type: out.type, data, metadata });
    await expect(bad({ ...out.data, submittedAt: 'yesterday' })).rejects.toThrow(/\(ev-9\) at data\.submittedAt: expected an ISO 8601 instant/);
    await expect(bad({ ...out.data, planMonths: '12' })).rejects.toThrow(/data\.planMonths/);
    await expect(serializer.decode({ id: 'ev-9', type: 'Mystery', data: {}, metadata: out.metadata })).rejects.toThrow(EventDecodingError);
    await expect(bad(out.data, { ...out.metadata, actor: { id: 'x', role: 'ROOT' } })).rejects.toThrow(/metadata\.actor\.role/);
  });

  it('passes every payload through the transformer hook both ways (where field encryption will go)', async () => {
    const calls: string[] = [];
    const reversing: PayloadTransformer = {
      protect: async (type, data) => {
        calls.push(`protect ${type}`);
        return { sealed: Buffer.from(JSON.stringify(data)).toString('base64') };
      },
      unprotect: async (type, data) => {
        calls.push(`unprotect ${type}`);
        return JSON.parse(Buffer.from(String(data['sealed']), 'base64').toString()) as JsonObject;
      },
    };
    const sealed = new EventSerializer({ transformer: reversing });
    const e = sampleContractHistories()[2][0];
    const out = await sealed.encode(e, envelope(0));
    expect(Object.keys(out.data)).toEqual(['sealed']);
    expect(JSON.stringify(out.data)).not.toContain('株式会社サンプル');
    expect((await sealed.decode(stored('x', out.type, out.data, out.metadata))).event).toEqual(e);
    expect(calls).toEqual(['protect ApplicationSubmitted', 'unprotect ApplicationSubmitted']);
  });

  it('the decoded events drive the decider exactly as the originals do', async () => {
    const events = sampleContractHistories()[2];
    const decoded = await Promise.all(events.map(async (e, i) => (await serializer.decode(stored(`id-${i}`, e.type, (await serializer.encode(e, envelope(i))).data, (await serializer.encode(e, envelope(i))).metadata))).event as ContractEvent));
    const cmd = { type: 'AssessCompensation' as const, contractId: '6f1d2c3b-0000-4000-8000-000000000001', actor: { id: 'a', role: 'ADMIN' as const }, at: new Date('2027-05-01T00:00:00Z'), incidentOn: '2026-08-31' };
    const original = contractDecider().decide(cmd, foldContract(events));
    expect(original.ok).toBe(true);
    expect(contractDecider().decide(cmd, foldContract(decoded))).toEqual(original);
  });
});

describe('field codecs', () => {
  it('bigints round-trip exactly as decimal strings, beyond 2^53', () => {
    const c = object<{ position: bigint; at: Date; name: string }>({ position: bigint, at: instant, name: string });
    const value = { position: 2n ** 70n + 1n, at: new Date('2029-03-15T00:00:00.001Z'), name: 'x' };
    const json = JSON.parse(JSON.stringify(c.encode(value, 'v')));
    expect(json).toEqual({ position: '1180591620717411303425', at: '2029-03-15T00:00:00.001Z', name: 'x' });
    expect(c.decode(json, 'v')).toEqual(value);
    expect(() => c.decode({ ...json, position: 1.5 }, 'v')).toThrow(/decimal integer string/);
    fc.assert(fc.property(fc.bigInt(), (n) => expect(bigint.decode(JSON.parse(JSON.stringify(bigint.encode(n, 'n'))), 'n')).toBe(n)), { numRuns: 1000 });
  });
});
