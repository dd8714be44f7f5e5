import { DEFAULT_POLICY, feeFor, japanDate, lifetimeCapOn, resolvePolicy, CONTRACT_EVENT_SCHEMA_VERSIONS, SERVICE_EVENT_SCHEMA_VERSIONS, CONTRACT_EVENT_TYPES } from '@pfw/domain';

describe('policy: documented defaults in one object, overridable', () => {
  it('defaults: 12- and 24-month plans, 10 % tax, 30-day payment term, 14-day grace, 3 months’ notice, terms version 1', () => {
    expect(DEFAULT_POLICY.feeSchedule.map((f) => f.planMonths)).toEqual([12, 24]);
    expect(DEFAULT_POLICY).toMatchObject({ consumptionTaxPercent: 10, paymentTermDays: 30, nonPaymentGraceDays: 14, terminationNoticeMonths: 3, initialTermsVersion: '1' });
    expect(DEFAULT_POLICY.invoiceRegistrationNumber).toMatch(/^T\d{13}$/);
    expect(Object.keys(DEFAULT_POLICY.requiredDocuments).sort()).toEqual(['APPROVED_ORGANIZATION', 'CORPORATION', 'OTHER_LEGAL_ENTITY', 'SOLE_PROPRIETOR']);
    expect(Object.isFrozen(DEFAULT_POLICY.feeSchedule)).toBe(true);
  });

  it('the BR lifetime cap by issue date: 398 days before 2026-03-15, then 200, 100 and 47 days', () => {
    const cap = (d: string) => lifetimeCapOn(DEFAULT_POLICY, japanDate(d));
    expect([cap('2026-03-14'), cap('2026-03-15'), cap('2027-03-14'), cap('2027-03-15'), cap('2029-03-14'), cap('2029-03-15'), cap('2040-01-01')]).toEqual([398, 200, 200, 100, 100, 47, 47]);
  });

  it('overrides merge into the defaults and are validated, naming the setting', () => {
    const p = resolvePolicy({ feeSchedule: [{ planMonths: 6, amountJpy: 30_000 }], reminders: { stickerReturnReminderEveryDays: 7 }, requiredDocuments: { SOLE_PROPRIETOR: ['APPLICATION_FORM'] } });
    expect(feeFor(p, 6)).toBe(30_000);
    expect(feeFor(p, 12)).toBeNull();
    expect(p.reminders).toMatchObject({ stickerReturnReminderEveryDays: 7, paymentReminderEveryDays: 7 });
    expect(p.requiredDocuments.SOLE_PROPRIETOR).toEqual(['APPLICATION_FORM']);
    expect(p.requiredDocuments.CORPORATION).toEqual(DEFAULT_POLICY.requiredDocuments.CORPORATION);
    expect(() => resolvePolicy({ invoiceRegistrationNumber: 'X123' })).toThrow(/policy\.invoiceRegistrationNumber/);
    expect(() => resolvePolicy({ feeSchedule: [{ planMonths: 12, amountJpy: 1.5 }] })).toThrow(/policy\.feeSchedule/);
    expect(() => resolvePolicy({ feeSchedule: [] })).toThrow(/offers no plan/);
    expect(() => resolvePolicy({ nonPaymentGraceDays: -1 })).toThrow(/policy\.nonPaymentGraceDays/);
  });

  it('every event type has a schema version (1, or 2 for ApplicationSubmitted with the CA agreements and ScreeningPassed with coverageStartsOn) and keeps DOMAIN.md’s name', () => {
    expect(Object.entries(CONTRACT_EVENT_SCHEMA_VERSIONS).filter(([, v]) => v !== 1)).toEqual([['ApplicationSubmitted', 2], ['ScreeningPassed', 2]]);
    expect(Object.keys(SERVICE_EVENT_SCHEMA_VERSIONS)).toEqual(['ServiceSuspended', 'ServiceResumed', 'TermsRevised']);
    for (const name of [
      'ApplicationSubmitted', 'AdditionalDocumentsRequested', 'DocumentsAttached', 'ApplicationWithdrawn', 'ScreeningPassed', 'ScreeningFailed',
      'SubmittedDocumentsDiscarded', 'CustomerNotified', 'InvoiceIssued', 'FeePaid', 'PaymentOverdue', 'CertificateRequested',
      'CertificateRequestCancelled', 'CertificateIssued', 'CertificateDelivered', 'CertificateReissueRequested', 'StickerLent',
      'StickerReturnRequested', 'StickerReturned', 'RevocationInitiated', 'RevocationRequested', 'CertificateRevoked', 'RevocationRejected',
      'ContractExpired', 'ContractTerminationNoticed', 'ContractTerminated', 'CompensationAssessed', 'PersonalDataShredded',
    ]) {
      expect(CONTRACT_EVENT_TYPES).toContain(name);
    }
  });
});
