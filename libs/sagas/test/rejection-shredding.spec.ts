import { createHarness, positionOf, staff, type Harness } from './support/harness';

describe('rejection/withdrawal saga: crypto-shredding after the files (issue 8, Art. 4)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a rejection: SCREENING_RESULT notice → files deleted → PersonalDataShredded, in that order, by saga:rejection', async () => {
    const id = await h.submit();
    await h.exec({ type: 'FailScreening', contractId: id, reasons: ['NO_JAPAN_BASE'], note: 'address abroad' }, staff.screener);
    await h.advance({ days: 0 });
    const events = await h.events(id);
    const notified = positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'SCREENING_RESULT');
    expect(notified).toBeLessThan(positionOf(events, 'SubmittedDocumentsDiscarded'));
    expect(positionOf(events, 'SubmittedDocumentsDiscarded')).toBeLessThan(positionOf(events, 'PersonalDataShredded'));
    const shredded = events.find((e) => e.event.type === 'PersonalDataShredded')!;
    expect(shredded.envelope.actor).toEqual({ id: 'saga:rejection', role: 'SYSTEM' });
    expect(shredded.event.type === 'PersonalDataShredded' && shredded.event.data.scope).toContain('ApplicationSubmitted.applicant.contact.email');
    expect((await h.contract(id)).personalDataShredded).toBe(true);
    // Once: another pass of the clock schedules nothing more.
    await h.advance({ days: 1 });
    expect((await h.events(id)).filter((e) => e.event.type === 'PersonalDataShredded')).toHaveLength(1);
  });

  it('a withdrawal: files deleted, then PersonalDataShredded (no notice)', async () => {
    const id = await h.submit();
    await h.exec({ type: 'WithdrawApplication', contractId: id, note: 'customer changed plans' }, staff.screener);
    await h.advance({ days: 0 });
    const events = await h.events(id);
    expect(positionOf(events, 'SubmittedDocumentsDiscarded')).toBeLessThan(positionOf(events, 'PersonalDataShredded'));
    expect(events.some((e) => e.event.type === 'CustomerNotified')).toBe(false);
  });

  it('an accepted contract is never shredded by the saga', async () => {
    const id = await h.submit();
    await h.exec({ type: 'PassScreening', contractId: id, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } }, staff.screener);
    await h.advance({ days: 0 });
    expect((await h.events(id)).some((e) => e.event.type === 'PersonalDataShredded')).toBe(false);
  });
});
