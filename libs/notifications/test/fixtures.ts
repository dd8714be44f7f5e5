import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ContractFacts, NoticeModel, NoticeModelOf, NotificationKind } from '@pfw/notifications';

export const CONTRACT_ID = '0f8e4a2c-6b1d-4e3f-9a7b-5c2d1e0f9a8b';
export const REFERENCE = 'PFW-0F8E4A2C6B1D';
export const FQDN = 'www.example-shoji.co.jp';

export const CONTRACT: ContractFacts = {
  contractId: CONTRACT_ID,
  organizationName: '株式会社サンプル商事',
  contactName: '山田 太郎',
  fqdn: FQDN,
};

export const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVGb3JUZXN0czAKBggqhkjOPQQDAjAT',
  'MREwDwYDVQQDDAh0ZXN0LWNhMB4XDTI2MDQwMTAwMDAwMFoXDTI2MTAxNzAwMDAw',
  '-----END CERTIFICATE-----',
].join('\n');

/** One representative model per kind (the variant tests add the others). */
export const MODELS: { readonly [K in NotificationKind]: NoticeModelOf<K> } = {
  SCREENING_RESULT: { kind: 'SCREENING_RESULT', contract: CONTRACT, outcome: 'ACCEPTED', decidedOn: '2026-04-01', planMonths: 12 },
  DOCUMENTS_REQUESTED: {
    kind: 'DOCUMENTS_REQUESTED', contract: CONTRACT, requestedOn: '2026-03-20', documentKinds: ['履歴事項全部証明書 (certificate of registered matters)'],
    respondBy: '2026-04-03', note: null,
  },
  INVOICE: {
    kind: 'INVOICE', contract: CONTRACT, invoiceId: 'INV-2026-000123', planMonths: 12, subtotalJpy: 123456, taxRatePercent: 10,
    consumptionTaxJpy: 12345, totalJpy: 135801, registrationNumber: 'T1234567890123', issuedOn: '2026-04-01', receivedOn: '2026-04-01',
    dueOn: '2026-05-01',
    bankAccount: { bankName: 'みずほ銀行', branchName: '渋谷支店', accountType: 'ORDINARY', accountNumber: '1234567', accountHolder: 'セコムトラストネット（カ' },
  },
  PAYMENT_REMINDER: {
    kind: 'PAYMENT_REMINDER', contract: CONTRACT, invoiceId: 'INV-2026-000123', dueOn: '2026-05-01', outstandingJpy: 135801,
    graceEndsOn: '2026-05-16', certificateIssued: true,
  },
  REVOCATION_NOTICE: {
    kind: 'REVOCATION_NOTICE', contract: CONTRACT, reason: 'NON_PAYMENT', crlReason: 'PRIVILEGE_WITHDRAWN', noticedOn: '2026-05-17',
    serialNumber: '4A3B2C1D0E0F11223344556677889900', stickerLent: true,
  },
  REVOCATION_RESULT: {
    kind: 'REVOCATION_RESULT', contract: CONTRACT, outcome: 'REVOKED', serialNumber: '4A3B2C1D0E0F11223344556677889900',
    revokedAt: new Date('2026-05-17T03:04:00Z'), crlReason: 'PRIVILEGE_WITHDRAWN', stickerLent: false,
  },
  CERTIFICATE_DELIVERY: {
    kind: 'CERTIFICATE_DELIVERY', contract: CONTRACT, serialNumber: '4A3B2C1D0E0F11223344556677889900',
    notBefore: new Date('2026-04-02T00:00:00Z'), notAfter: new Date('2026-10-18T23:59:59Z'),
    fingerprintSha256: 'ab'.repeat(32), coverageEndsOn: '2027-03-31', deliveryMethod: 'EMAIL', certificatePem: PEM,
  },
  REISSUE_REMINDER: {
    kind: 'REISSUE_REMINDER', contract: CONTRACT, currentNotAfter: new Date('2026-10-18T23:59:59Z'), coverageEndsOn: '2027-03-31',
    csrRequestedBy: '2026-10-04',
  },
  RENEWAL_REMINDER: { kind: 'RENEWAL_REMINDER', contract: CONTRACT, coverageEndsOn: '2027-03-31', stickerLent: true },
  STICKER_RETURN_REQUEST: {
    kind: 'STICKER_RETURN_REQUEST', contract: CONTRACT, stickerSerial: 'STK-000042', contractEndedOn: '2027-03-31', endReason: 'EXPIRED',
    reminderNumber: 0, returnAddress: ['〒150-0001', '東京都渋谷区神宮前1-5-1', 'セコムトラストネット株式会社 ステッカー返却係'],
  },
  TERMINATION_NOTICE: {
    kind: 'TERMINATION_NOTICE', contract: CONTRACT, noticedOn: '2026-06-30', effectiveOn: '2026-09-30', reason: 'サービス提供体制の変更のため',
    stickerLent: true,
  },
  TERMS_CHANGED: {
    kind: 'TERMS_CHANGED', contract: CONTRACT, version: '2', effectiveFrom: '2026-07-01', summary: '第11項の有効期間の説明を改めました。',
    documentUrl: 'https://pfw.example.jp/terms/2',
  },
};

export const ALL_MODELS: readonly NoticeModel[] = Object.values(MODELS);

export function tempDir(prefix = 'pfw-notify-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A clock the test moves by hand. */
export class ManualClock {
  #ms: number;
  constructor(start = '2026-04-01T00:00:00Z') {
    this.#ms = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(at: Date): void {
    this.#ms = at.getTime();
  }
}
