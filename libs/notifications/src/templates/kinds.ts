import type { NotificationKind } from '../kinds';
import type { NoticeModelOf } from '../model';
import type { Template } from './context';
import { screeningResult } from './notices/screening-result';
import { documentsRequested } from './notices/documents-requested';
import { invoice } from './notices/invoice';
import { paymentReminder } from './notices/payment-reminder';
import { revocationNotice } from './notices/revocation-notice';
import { revocationResult } from './notices/revocation-result';
import { certificateDelivery } from './notices/certificate-delivery';
import { reissueReminder } from './notices/reissue-reminder';
import { renewalReminder } from './notices/renewal-reminder';
import { stickerReturnRequest } from './notices/sticker-return-request';
import { terminationNotice } from './notices/termination-notice';
import { termsChanged } from './notices/terms-changed';

/**
 * One template per NotificationKind, Japanese and English, as typed functions, one file per notice under
 * `notices/`. Each names the article of the terms that makes SECOM send it; the composer adds the contract
 * reference, contract id, organization and FQDN to every notice. Every kind has its template: the mapped
 * type makes a missing one a compile error.
 */
export const TEMPLATES: { readonly [K in NotificationKind]: Template<NoticeModelOf<K>> } = {
  SCREENING_RESULT: screeningResult,
  DOCUMENTS_REQUESTED: documentsRequested,
  INVOICE: invoice,
  PAYMENT_REMINDER: paymentReminder,
  REVOCATION_NOTICE: revocationNotice,
  REVOCATION_RESULT: revocationResult,
  CERTIFICATE_DELIVERY: certificateDelivery,
  REISSUE_REMINDER: reissueReminder,
  RENEWAL_REMINDER: renewalReminder,
  STICKER_RETURN_REQUEST: stickerReturnRequest,
  TERMINATION_NOTICE: terminationNotice,
  TERMS_CHANGED: termsChanged,
};
