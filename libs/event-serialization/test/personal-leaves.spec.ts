import { EVENT_SCHEMAS, personalFieldPaths, personalLeaves } from '@pfw/event-serialization';
import { sampleContractHistories } from './support/samples';

/** Every sample event's payload as the serializer hands it to the transformer: schema-encoded JSON. */
function encodedSamples(): { type: string; data: { [key: string]: unknown } }[] {
  return sampleContractHistories()
    .flat()
    .map((e) => ({ type: e.type, data: (EVENT_SCHEMAS[e.type] as { encode(v: unknown, p: string): unknown }).encode(e.data, 'data') as { [key: string]: unknown } }));
}

describe('personalLeaves (issue 8 field walk)', () => {
  it('finds every present personal leaf, and replacing them all leaves the input as it was', () => {
    for (const { type, data } of encodedSamples()) {
      const before = JSON.parse(JSON.stringify(data));
      const { copy, leaves } = personalLeaves(type, data);
      const paths = personalFieldPaths(type);
      for (const leaf of leaves) expect(paths).toContain(leaf.path);
      for (const leaf of leaves) leaf.set('replaced');
      expect(data).toEqual(before);
      for (const leaf of leaves) {
        const value = leaf.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], copy);
        expect(value).toBe('replaced');
      }
    }
  });

  it('copies only the containers on the way to a personal leaf and shares the rest', () => {
    const submitted = encodedSamples().find((s) => s.type === 'ApplicationSubmitted')!;
    const { copy, leaves } = personalLeaves(submitted.type, submitted.data);
    expect(leaves.length).toBeGreaterThan(5);
    expect(copy).not.toBe(submitted.data);
    expect(copy.applicant).not.toBe(submitted.data.applicant);
    expect((copy.applicant as Record<string, unknown>).contact).not.toBe((submitted.data.applicant as Record<string, unknown>).contact);
    // No personal field inside: the same objects as the input.
    expect(copy.documents).toBe(submitted.data.documents);
    expect(copy.submittedBy).toBe(submitted.data.submittedBy);
  });

  it('answers a payload without personal fields as it is, with no leaves', () => {
    const paid = encodedSamples().find((s) => personalFieldPaths(s.type).length === 0)!;
    const { copy, leaves } = personalLeaves(paid.type, paid.data);
    expect(leaves).toEqual([]);
    expect(copy).toBe(paid.data);
  });

  it('skips personal paths whose containers are missing', () => {
    const { leaves } = personalLeaves('ApplicationSubmitted', { contractId: 'c-1' });
    expect(leaves).toEqual([]);
  });
});
