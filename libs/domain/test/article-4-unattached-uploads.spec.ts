import { decideUpload, evolveUpload, initialUploadState, RuleViolation, type RecordUnattachedUploadDestroyed, type UploadState } from '@pfw/domain';

const uploadedAt = new Date('2026-03-01T00:00:00Z');
const hours = (n: number) => new Date(uploadedAt.getTime() + n * 3_600_000);
const retention = { id: 'documents:retention', role: 'SYSTEM' } as const;
const document = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', kind: 'COVER_LETTER', sha256: 'a'.repeat(64) };
const record = (over: Partial<RecordUnattachedUploadDestroyed> = {}): RecordUnattachedUploadDestroyed => ({
  type: 'RecordUnattachedUploadDestroyed', at: hours(25), actor: retention, document, uploadedAt, destroyedAt: hours(25), attachWithinHours: 24, ...over,
});
const stateAfter = (c: RecordUnattachedUploadDestroyed): UploadState => {
  const d = decideUpload(c, initialUploadState);
  if (!d.ok) throw d.error;
  return d.events.reduce(evolveUpload, initialUploadState);
};

describe('Art. 4 — an upload no application took is destroyed after the retention, and that is recorded', () => {
  it('Art. 4: given an upload never attached, when its destruction 25 h after upload is recorded (24 h retention), then UnattachedUploadDestroyed names its id, kind and digest', () => {
    const d = decideUpload(record(), initialUploadState);
    expect(d).toEqual({
      ok: true,
      events: [{ type: 'UnattachedUploadDestroyed', data: { document, uploadedAt, destroyedAt: hours(25), attachWithinHours: 24, by: retention } }],
    });
  });

  it('Art. 4: given an upload destroyed before its retention ended, when that is recorded, then it is refused naming the instant it was kept until', () => {
    const d = decideUpload(record({ destroyedAt: hours(23) }), initialUploadState);
    if (d.ok) throw new Error('expected a refusal');
    const error = d.error as RuleViolation;
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error.article).toBe('Art. 4');
    expect(error.message).toContain('2026-03-02T00:00:00.000Z');
  });

  it('Art. 4: given the destruction already recorded, when it is recorded again (a run after a restart), then nothing more is written', () => {
    expect(decideUpload(record({ at: hours(30) }), stateAfter(record()))).toEqual({ ok: true, events: [] });
  });

  it('given a record without a digest or a valid instant, then it is refused as bad input and writes nothing', () => {
    expect(decideUpload(record({ document: { ...document, sha256: 'not-hex' } }), initialUploadState)).toMatchObject({ ok: false, error: { field: 'document' } });
    expect(decideUpload(record({ destroyedAt: new Date(Number.NaN) }), initialUploadState)).toMatchObject({ ok: false, error: { field: 'destroyedAt' } });
    expect(decideUpload(record({ attachWithinHours: 0 }), initialUploadState)).toMatchObject({ ok: false, error: { field: 'attachWithinHours' } });
  });
});
