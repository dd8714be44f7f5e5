import * as domain from '@pfw/domain';
import * as notifications from '@pfw/notifications';

/**
 * The notifications lib sits beside the domain in the layering and keeps its own copy of the vocabulary it
 * renders; this keeps the two copies equal (API.md: the values are binding).
 */
describe('notification vocabulary matches the domain', () => {
  it.each([
    ['NOTIFICATION_KINDS', notifications.NOTIFICATION_KINDS, domain.NOTIFICATION_KINDS],
    ['NOTIFICATION_CHANNELS', notifications.NOTIFICATION_CHANNELS, domain.NOTIFICATION_CHANNELS],
    ['SCREENING_FAILURE_REASONS', notifications.SCREENING_FAILURE_REASONS, domain.SCREENING_FAILURE_REASONS],
    ['REVOCATION_REASONS', notifications.REVOCATION_REASONS, domain.REVOCATION_REASONS],
    ['CRL_REASONS', notifications.CRL_REASONS, domain.CRL_REASONS],
  ])('%s', (_name, mine, theirs) => {
    expect([...mine].sort()).toEqual([...theirs].sort());
  });

  it('CRL reason codes', () => {
    expect(notifications.CRL_REASON_CODES).toEqual(domain.CRL_REASON_CODES);
  });
});
