import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { caOrderId, deterministicEventId, deterministicId, EVENT_ID_NAMESPACE } from '@pfw/application';

describe('deterministic ids (idempotent retries depend on them never changing)', () => {
  it('answers the ids already in stored logs', () => {
    // Computed with uuid's string form before issue 9 changed how the name is handed over.
    expect(deterministicEventId('key-1', 'contract-abc', 0)).toBe('81c336b5-7286-5e07-931a-200c6aaa0884');
    expect(deterministicEventId('請求', 'contract-é', 2)).toBe('0bafb11b-6b66-5fdc-8291-f3a146f391d7');
    expect(deterministicId('ca-order', 'c1', 'k')).toBe('99560f63-4744-51b3-9ee6-d32899592fb1');
  });

  it('mints CA order ids in the namespaces recorded orders already carry', () => {
    expect(caOrderId('c1', 'k')).toBe('99560f63-4744-51b3-9ee6-d32899592fb1');
    expect(caOrderId('c1', 'deadline-1', 'ca-revocation')).toBe(deterministicId('ca-revocation', 'c1', 'deadline-1'));
    expect(caOrderId('c1', 'deadline-1', 'ca-revocation')).not.toBe(caOrderId('c1', 'deadline-1'));
  });

  it('equals uuid v5 of the string form for any key, stream and index (UTF-8 names)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.nat(), (key, stream, index) => {
        expect(deterministicEventId(key, stream, index)).toBe(uuidv5(`${key}\u0000${stream}\u0000${index}`, EVENT_ID_NAMESPACE));
      }),
      { numRuns: 500 },
    );
  });
});
