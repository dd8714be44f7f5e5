import {
  LANGUAGES, NOTIFICATION_KINDS, NoticeModelError, addMonths, contractReference, formatDate, formatInstant, formatJpy,
  renderNotice, renderSection, validateNotice, type Language, type NoticeModel, type NotificationKind,
} from '@pfw/notifications';
import { ALL_MODELS, CONTRACT, CONTRACT_ID, FQDN, MODELS, PEM, REFERENCE } from './fixtures';

/** The facts each kind must state, per language (DOMAIN.md / the terms' articles). */
const KEY_FACTS: { readonly [K in NotificationKind]: Readonly<Record<Language, readonly string[]>> } = {
  SCREENING_RESULT: {
    ja: ['審査結果のお知らせ', '登録受理', '利用規定第4項', '2026年4月1日', '第5項', '30日以内'],
    en: ['Screening result', 'accepted', 'Art. 4(2)', '2026-04-01', 'within 30 days'],
  },
  DOCUMENTS_REQUESTED: {
    ja: ['履歴事項全部証明書', '2026年4月3日', '利用規定第4項'],
    en: ['履歴事項全部証明書', '2026-04-03', 'Art. 4(1)'],
  },
  INVOICE: {
    ja: ['INV-2026-000123', 'お支払期限', '2026年5月1日', '123,456円', '12,345円', '135,801円', 'T1234567890123', '利用規定第5項', '30日以内', '振込手数料', 'みずほ銀行'],
    en: ['INV-2026-000123', 'Payment due', '2026-05-01', 'JPY 123,456', 'JPY 12,345', 'JPY 135,801', 'T1234567890123', 'Art. 5', 'within 30 days', 'transfer charges'],
  },
  PAYMENT_REMINDER: {
    ja: ['INV-2026-000123', '135,801円', '2026年5月1日', '2026年5月16日', '利用規定第7項', '失効'],
    en: ['INV-2026-000123', 'JPY 135,801', '2026-05-01', '2026-05-16', 'Art. 7(2)', 'revoke'],
  },
  REVOCATION_NOTICE: {
    ja: ['証明書失効のご連絡', '利用規定第7項「証明書の失効」', '契約料金のお支払いがない', '4A3B2C1D0E0F11223344556677889900', '権限の取り消し', '2026年5月17日', '利用規定第12項'],
    en: ['certificate to be revoked', 'Art. 7(2)', 'has not been paid', '4A3B2C1D0E0F11223344556677889900', 'privilegeWithdrawn (9)', '2026-05-17', 'Art. 12'],
  },
  REVOCATION_RESULT: {
    ja: ['処理結果', '失効済み', '利用規定第7項', '4A3B2C1D0E0F11223344556677889900', '2026年5月17日 12:04（日本時間）', '契約は終了'],
    en: ['certificate revoked', 'Art. 7(3)', '4A3B2C1D0E0F11223344556677889900', '2026-05-17 12:04 JST', 'ended the contract'],
  },
  CERTIFICATE_DELIVERY: {
    ja: ['証明書発行のお知らせ', '4A3B2C1D0E0F11223344556677889900', 'ab'.repeat(32), '2026年10月19日 08:59（日本時間）', '利用規定第4項', '利用規定第10項', `${FQDN}.crt`],
    en: ['certificate has been issued', '4A3B2C1D0E0F11223344556677889900', 'ab'.repeat(32), '2026-10-19 08:59 JST', 'Art. 4(4)', 'Art. 10', `${FQDN}.crt`],
  },
  REISSUE_REMINDER: {
    ja: ['CSR', '2026年10月19日', '2027年3月31日', '2026年10月4日', '利用規定第11項'],
    en: ['CSR', '2026-10-19', '2027-03-31', '2026-10-04', 'Art. 11'],
  },
  RENEWAL_REMINDER: {
    ja: ['2027年3月31日', '再契約', '利用規定第11項', '利用規定第12項'],
    en: ['2027-03-31', 'new contract', 'Art. 11', 'Art. 12'],
  },
  STICKER_RETURN_REQUEST: {
    ja: ['STK-000042', '直ちに', '利用規定第12項', '2027年3月31日', '有効期間の満了', '東京都渋谷区神宮前1-5-1'],
    en: ['STK-000042', 'immediately', 'Art. 12', '2027-03-31', 'end of its validity period', '東京都渋谷区神宮前1-5-1'],
  },
  TERMINATION_NOTICE: {
    ja: ['ご契約終了のご予告', '2026年9月30日', '2026年6月30日', '利用規定第14項', '3か月以上前', 'サービス提供体制の変更のため', '運用停止'],
    en: ['Notice of termination', '2026-09-30', '2026-06-30', 'Art. 14', 'at least 3 months', 'サービス提供体制の変更のため', 'cessationOfOperation (5)'],
  },
  TERMS_CHANGED: {
    ja: ['利用規定改定のお知らせ', '第2版', '2026年7月1日', '利用規定第13項', '第11項の有効期間の説明を改めました。', 'https://pfw.example.jp/terms/2'],
    en: ['Terms of Service have changed', 'version 2', '2026-07-01', 'Art. 13', 'https://pfw.example.jp/terms/2'],
  },
};

function render(model: NoticeModel, lang: Language): { subject: string; text: string; html: string } {
  return renderNotice(model, { languages: [lang] });
}

describe('templates: every NotificationKind in Japanese and English', () => {
  it('has a fixture and key facts for every kind of DOMAIN.md', () => {
    expect(Object.keys(MODELS).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(NOTIFICATION_KINDS).toHaveLength(12);
  });

  describe.each(NOTIFICATION_KINDS.flatMap((k) => LANGUAGES.map((l) => [k, l] as const)))('%s (%s)', (kind, lang) => {
    const model = MODELS[kind] as NoticeModel;

    it('names the contract reference (subject and body), contract id, organization and FQDN', () => {
      const r = render(model, lang);
      expect(r.subject).toContain(REFERENCE);
      for (const s of [REFERENCE, CONTRACT_ID, CONTRACT.organizationName, FQDN]) {
        expect(r.text).toContain(s);
        expect(r.html).toContain(s);
      }
      expect(r.text).toContain(lang === 'ja' ? `${CONTRACT.contactName} 様` : `Dear ${CONTRACT.contactName},`);
    });

    it('states the key facts and the article', () => {
      const r = render(model, lang);
      for (const expected of KEY_FACTS[kind][lang]) expect(`${r.subject}\n${r.text}`).toContain(expected);
    });

    it(lang === 'ja' ? 'is written in Japanese (no English section)' : 'is written in English (no Japanese section)', () => {
      const r = render(model, lang);
      if (lang === 'ja') {
        expect(r.text).toContain('お問い合わせの際は');
        expect(r.text).not.toContain('please quote contract reference');
      } else {
        expect(r.text).toContain('please quote contract reference');
        expect(r.text).not.toContain('お問い合わせの際は');
      }
    });
  });

  it.each(ALL_MODELS.map((m) => [m.kind, m] as const))('%s: the bilingual message puts Japanese first, then English', (_kind, model) => {
    const r = renderNotice(model);
    const ja = r.text.indexOf('お問い合わせの際は');
    const en = r.text.indexOf('please quote contract reference');
    expect(ja).toBeGreaterThan(0);
    expect(en).toBeGreaterThan(ja);
    expect(r.sections.map((s) => s.lang)).toEqual(['ja', 'en']);
    expect(r.subject.indexOf(r.sections[0].subject)).toBeLessThan(r.subject.indexOf(r.sections[1].subject));
    expect(r.html.indexOf('<section lang="ja">')).toBeLessThan(r.html.indexOf('<section lang="en">'));
    expect(r.subject.startsWith(`[${REFERENCE}] `)).toBe(true);
  });

  it('renders the same model the same way every time (no clock, no host locale)', () => {
    for (const m of ALL_MODELS) expect(renderNotice(m)).toEqual(renderNotice(m));
  });
});

describe('templates: variants', () => {
  it('SCREENING_RESULT rejection lists the Art. 3 grounds and says the documents are destroyed (Art. 4(2))', () => {
    const m: NoticeModel = {
      kind: 'SCREENING_RESULT', contract: CONTRACT, outcome: 'REJECTED', decidedOn: '2026-04-01',
      reasons: ['NO_JAPAN_BASE', 'DOCUMENTS_INCOMPLETE'], note: '登記簿の所在地が海外',
    };
    const ja = render(m, 'ja').text;
    expect(ja).toContain('登録不受理');
    expect(ja).toContain('日本国内に活動拠点を有することを確認できない');
    expect(ja).toContain('必要書類が揃っていない');
    expect(ja).toContain('書類等は当社にて破棄いたします');
    expect(ja).toContain('登記簿の所在地が海外');
    const en = render(m, 'en').text;
    expect(en).toContain('cannot accept your application');
    expect(en).toContain('no base of operations in Japan');
    expect(en).toContain('destroy the documents you submitted');
  });

  it('SCREENING_RESULT withdrawal also says the documents are destroyed', () => {
    const m: NoticeModel = { kind: 'SCREENING_RESULT', contract: CONTRACT, outcome: 'WITHDRAWN', decidedOn: '2026-04-02' };
    expect(render(m, 'ja').text).toContain('取下げ');
    expect(render(m, 'ja').text).toContain('破棄');
    expect(render(m, 'en').text).toContain('destroy the documents');
  });

  it('REVOCATION_NOTICE before issuance announces the cancellation instead of a revocation', () => {
    const m: NoticeModel = { ...MODELS.REVOCATION_NOTICE, serialNumber: null, stickerLent: false };
    const ja = render(m, 'ja');
    expect(ja.subject).toContain('発行依頼の取消し');
    expect(ja.text).toContain('契約を解除');
    expect(ja.text).not.toContain('証明書シリアル番号');
    expect(render(m, 'en').text).toContain('cancel the certificate request');
  });

  it('REVOCATION_NOTICE for a customer report cites Art. 7(1); a re-contract names the new contract', () => {
    const report: NoticeModel = { ...MODELS.REVOCATION_NOTICE, reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE' };
    expect(render(report, 'en').text).toContain('Art. 7(1)');
    expect(render(report, 'en').text).toContain('keyCompromise (1)');
    const superseded: NoticeModel = { ...MODELS.REVOCATION_NOTICE, reason: 'SUPERSEDED', crlReason: 'SUPERSEDED', supersededBy: 'PFW-ABCDEF123456' };
    expect(render(superseded, 'ja').text).toContain('PFW-ABCDEF123456');
    expect(render(superseded, 'en').text).toContain('superseded (4)');
  });

  it('REVOCATION_RESULT reports a CA refusal with its answer (Art. 7(3))', () => {
    const m: NoticeModel = {
      kind: 'REVOCATION_RESULT', contract: CONTRACT, outcome: 'REJECTED', serialNumber: '0A0B',
      rejectedAt: new Date('2026-05-17T01:00:00Z'), caError: 'unknown serial',
    };
    expect(render(m, 'ja').text).toContain('失効不可');
    expect(render(m, 'ja').text).toContain('unknown serial');
    expect(render(m, 'en').text).toContain('did not accept the revocation request');
    expect(render(m, 'en').text).toContain('Art. 7(3)');
  });

  it('PAYMENT_REMINDER before issuance warns of cancellation, not revocation', () => {
    const m: NoticeModel = { ...MODELS.PAYMENT_REMINDER, certificateIssued: false };
    expect(render(m, 'ja').text).toContain('契約を解除');
    expect(render(m, 'en').text).toContain('cancel the certificate request');
    expect(render(m, 'en').text).not.toContain('Art. 7(2)');
  });

  it('STICKER_RETURN_REQUEST reminders say so in the subject', () => {
    const m: NoticeModel = { ...MODELS.STICKER_RETURN_REQUEST, reminderNumber: 2, endReason: 'REVOKED' };
    expect(render(m, 'ja').subject).toContain('再送 2');
    expect(render(m, 'ja').text).toContain('証明書の失効により');
    expect(render(m, 'en').subject).toContain('Reminder 2');
  });

  it('CERTIFICATE_DELIVERY attaches the PEM for EMAIL delivery, nothing for DOWNLOAD', () => {
    const emailed = renderNotice(MODELS.CERTIFICATE_DELIVERY);
    expect(emailed.attachments).toEqual([
      { filename: `${FQDN}.crt`, contentType: 'application/pem-certificate-chain', content: PEM.replace(/\n/g, '\r\n') + '\r\n' },
    ]);
    const download = renderNotice({ ...MODELS.CERTIFICATE_DELIVERY, deliveryMethod: 'DOWNLOAD', certificatePem: null });
    expect(download.attachments).toEqual([]);
    expect(download.text).toContain('download');
  });

  it('HTML escapes what the customer typed', () => {
    const m: NoticeModel = { ...MODELS.TERMS_CHANGED, contract: { ...CONTRACT, organizationName: '<script>alert("x")</script> & Co.' } };
    const r = renderNotice(m);
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co.');
    expect(r.text).toContain('<script>alert("x")</script> & Co.');
  });

  it('a DOCUMENT (paper) rendering leaves out the e-mail-only sentence', () => {
    const r = renderNotice(MODELS.TERMINATION_NOTICE, { channel: 'DOCUMENT' });
    expect(r.text).not.toContain('送信専用アドレス');
    expect(r.text).toContain(REFERENCE);
  });

  it('uses a given contract reference and a configured sender', () => {
    const r = renderNotice(
      { ...MODELS.RENEWAL_REMINDER, contract: { ...CONTRACT, contractReference: 'SPW-2026-0042' } },
      { sender: { companyName: { ja: '試験株式会社', en: 'Test KK' }, serviceName: { ja: 'テスト', en: 'Test' }, caName: { ja: '試験CA', en: 'Test CA' }, support: { ja: ['電話 03-0000-0000'], en: ['Phone +81-3-0000-0000'] } } },
    );
    expect(r.subject).toContain('[SPW-2026-0042]');
    expect(r.text).toContain('試験株式会社');
    expect(r.text).toContain('Phone +81-3-0000-0000');
  });
});

describe('templates: models that would break a rule are refused', () => {
  it('Art. 14: a termination effective less than 3 months after the notice', () => {
    const tooSoon: NoticeModel = { ...MODELS.TERMINATION_NOTICE, noticedOn: '2026-06-30', effectiveOn: '2026-09-29' };
    expect(() => renderNotice(tooSoon)).toThrow(NoticeModelError);
    try {
      validateNotice(tooSoon);
    } catch (e) {
      expect((e as NoticeModelError).article).toBe('Art. 14');
      expect((e as NoticeModelError).field).toBe('effectiveOn');
    }
    expect(() => validateNotice({ ...MODELS.TERMINATION_NOTICE, noticedOn: '2026-06-30', effectiveOn: '2026-09-30' })).not.toThrow();
    // Civil Code Art. 143: 30 Nov + 3 months = 28 Feb (clamped), so 28 Feb is already enough.
    expect(() => validateNotice({ ...MODELS.TERMINATION_NOTICE, noticedOn: '2026-11-30', effectiveOn: '2027-02-28' })).not.toThrow();
    expect(() => validateNotice({ ...MODELS.TERMINATION_NOTICE, noticedOn: '2026-11-30', effectiveOn: '2027-02-27' })).toThrow(/Art\. 14/);
  });

  it('Art. 5: an invoice whose total is not subtotal + tax, or a bad registration number', () => {
    expect(() => validateNotice({ ...MODELS.INVOICE, totalJpy: 135800 })).toThrow(/totalJpy/);
    expect(() => validateNotice({ ...MODELS.INVOICE, registrationNumber: '1234567890123' })).toThrow(/registrationNumber/);
    expect(() => validateNotice({ ...MODELS.INVOICE, dueOn: '2026-03-31' })).toThrow(/dueOn/);
    expect(() => validateNotice({ ...MODELS.INVOICE, subtotalJpy: 1.5, totalJpy: 12346.5 })).toThrow(/subtotalJpy/);
  });

  it('Art. 4: a rejection without reasons, an e-mailed delivery without the certificate', () => {
    expect(() => validateNotice({ kind: 'SCREENING_RESULT', contract: CONTRACT, outcome: 'REJECTED', decidedOn: '2026-04-01', reasons: [] })).toThrow(/reasons/);
    expect(() => validateNotice({ ...MODELS.CERTIFICATE_DELIVERY, certificatePem: null })).toThrow(/certificatePem/);
  });

  it('dates that are not calendar days, empty contract facts, header-breaking values', () => {
    expect(() => validateNotice({ ...MODELS.RENEWAL_REMINDER, coverageEndsOn: '2026-02-30' })).toThrow(/coverageEndsOn/);
    expect(() => validateNotice({ ...MODELS.RENEWAL_REMINDER, coverageEndsOn: '31/03/2027' })).toThrow(/coverageEndsOn/);
    expect(() => validateNotice({ ...MODELS.RENEWAL_REMINDER, contract: { ...CONTRACT, fqdn: '' } })).toThrow(/contract\.fqdn/);
    expect(() => validateNotice({ ...MODELS.RENEWAL_REMINDER, contract: { ...CONTRACT, contactName: 'A\r\nBcc: x@y' } })).toThrow(/contactName/);
    expect(() => validateNotice({ ...MODELS.RENEWAL_REMINDER, contract: { ...CONTRACT, contractReference: 'a b' } })).toThrow(/contractReference/);
    expect(() => renderSection({ ...MODELS.RENEWAL_REMINDER, kind: 'NOT_A_KIND' } as unknown as NoticeModel, 'ja')).toThrow(/unknown notification kind/);
  });
});

describe('formatting', () => {
  it('dates: YYYY年M月D日 in Japanese, YYYY-MM-DD in English', () => {
    expect(formatDate('2026-01-05', 'ja')).toBe('2026年1月5日');
    expect(formatDate('2026-01-05', 'en')).toBe('2026-01-05');
    expect(formatDate('2028-02-29', 'ja')).toBe('2028年2月29日');
    expect(() => formatDate('2027-02-29', 'ja')).toThrow(NoticeModelError);
  });

  it('instants in Japan time, across the date line', () => {
    const t = new Date('2026-03-31T15:00:00Z');
    expect(formatInstant(t, 'ja')).toBe('2026年4月1日 00:00（日本時間）');
    expect(formatInstant(t, 'en')).toBe('2026-04-01 00:00 JST (UTC+9)');
    expect(() => formatInstant(new Date('nope'), 'en')).toThrow(NoticeModelError);
  });

  it('yen with thousands separators', () => {
    expect(formatJpy(0, 'ja')).toBe('0円');
    expect(formatJpy(999, 'en')).toBe('JPY 999');
    expect(formatJpy(1000, 'ja')).toBe('1,000円');
    expect(formatJpy(1234567, 'en')).toBe('JPY 1,234,567');
    expect(() => formatJpy(-1, 'ja')).toThrow(NoticeModelError);
    expect(() => formatJpy(10.5, 'ja')).toThrow(NoticeModelError);
  });

  it('month arithmetic clamps to the month end (Civil Code Art. 143)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-06-30', 3)).toBe('2026-09-30');
  });

  it('contract reference: PFW- and 12 hex digits of the id', () => {
    expect(contractReference(CONTRACT_ID)).toBe(REFERENCE);
    expect(contractReference('abc')).toBe('PFW-ABC');
  });
});
