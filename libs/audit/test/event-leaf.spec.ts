import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@pfw/event-store';
import { CanonicalJsonError, eventLeafEntry, leafHash } from '@pfw/audit';

const event: RecordedEvent = {
  id: '0b9a7e52-3f1c-4c8e-9a51-6f0d2f3c1a77',
  type: 'ApplicationSubmitted',
  streamId: 'contract-42',
  revision: 0,
  position: 9007199254740993n, // 2^53 + 1: must survive exactly
  data: { webServerFqdn: 'www.example.jp', planMonths: 12, applicant: { organizationName: 'Example K.K.' } },
  metadata: { actor: { role: 'SCREENER', id: 'u-1' }, correlationId: 'c-1' },
  recordedAt: new Date('2025-04-01T09:30:00.123Z'),
};

describe('eventLeafEntry', () => {
  it('is the RFC 8785 canonical JSON of the whole envelope, position as a string and time as ISO', () => {
    expect(eventLeafEntry(event).toString('utf8')).toBe(
      '{"data":{"applicant":{"organizationName":"Example K.K."},"planMonths":12,"webServerFqdn":"www.example.jp"},' +
        '"id":"0b9a7e52-3f1c-4c8e-9a51-6f0d2f3c1a77",' +
        '"metadata":{"actor":{"id":"u-1","role":"SCREENER"},"correlationId":"c-1"},' +
        '"position":"9007199254740993","recordedAt":"2025-04-01T09:30:00.123Z","revision":0,' +
        '"streamId":"contract-42","type":"ApplicationSubmitted"}',
    );
  });

  it('hashes as SHA-256(0x00 ‖ entry)', () => {
    const entry = eventLeafEntry(event);
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from([0]), entry])).digest();
    expect(leafHash(entry).equals(expected)).toBe(true);
  });

  it('changes when any envelope field changes', () => {
    const base = leafHash(eventLeafEntry(event)).toString('hex');
    const variants: RecordedEvent[] = [
      { ...event, id: '0b9a7e52-3f1c-4c8e-9a51-6f0d2f3c1a78' },
      { ...event, type: 'ApplicationAccepted' },
      { ...event, streamId: 'contract-43' },
      { ...event, revision: 1 },
      { ...event, position: 9007199254740992n },
      { ...event, data: { ...event.data, planMonths: 24 } },
      { ...event, metadata: { ...event.metadata, correlationId: 'c-2' } },
      { ...event, recordedAt: new Date('2025-04-01T09:30:00.124Z') },
    ];
    const hashes = variants.map((v) => leafHash(eventLeafEntry(v)).toString('hex'));
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
  });

  it('rejects an invalid recording time and non-JSON data', () => {
    expect(() => eventLeafEntry({ ...event, recordedAt: new Date('nope') })).toThrow(/recordedAt/);
    expect(() => eventLeafEntry({ ...event, data: { amount: 5n } })).toThrow(CanonicalJsonError);
  });
});
