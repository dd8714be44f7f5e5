import {
  consumptionTax, corporateNumberCheckDigit, invoiceAmounts, parseCorporateNumber, parseEmail, parseFqdn, parsePhone,
  parsePostalCode, parsePrefecture, PREFECTURES, parseInvoiceRegistrationNumber, type InvalidInput, type Result,
} from '@pfw/domain';

function value<T>(r: Result<T, InvalidInput>): T {
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.value;
}
function refusal<T>(r: Result<T, InvalidInput>): InvalidInput {
  if (r.ok) throw new Error(`accepted: ${String(r.value)}`);
  return r.error;
}

describe('FQDN (RFC 1123 labels, at least one dot, IDN → punycode)', () => {
  it('accepts host names, lower-cases them and drops a trailing dot', () => {
    expect(value(parseFqdn('WWW.Example.CO.JP.'))).toBe('www.example.co.jp');
    expect(value(parseFqdn('a-b.example.jp'))).toBe('a-b.example.jp');
    expect(value(parseFqdn('123.example.com'))).toBe('123.example.com');
  });

  it('converts internationalized names to punycode with node’s domainToASCII', () => {
    expect(value(parseFqdn('例え.jp'))).toBe('xn--r8jz45g.jp');
    expect(value(parseFqdn('www.日本語.jp'))).toBe('www.xn--wgv71a119e.jp');
  });

  it('refuses what is not a single host name, saying why', () => {
    expect(refusal(parseFqdn('localhost')).message).toMatch(/at least one dot/);
    expect(refusal(parseFqdn('-bad.example.jp')).message).toMatch(/inner hyphens/);
    expect(refusal(parseFqdn('bad-.example.jp')).message).toMatch(/inner hyphens/);
    expect(refusal(parseFqdn('under_score.example.jp')).message).toMatch(/RFC 1123/);
    expect(refusal(parseFqdn('a..example.jp')).message).toMatch(/empty label/);
    expect(refusal(parseFqdn(`${'a'.repeat(64)}.example.jp`)).message).toMatch(/at most 63/);
    expect(refusal(parseFqdn(`${'a.'.repeat(127)}jp`)).message).toMatch(/at most 253/);
    expect(refusal(parseFqdn('*.example.jp')).message).toMatch(/wildcard/);
    expect(refusal(parseFqdn('https://www.example.jp/')).message).toMatch(/no scheme/);
    expect(refusal(parseFqdn('192.168.0.1')).message).toMatch(/IP address/);
    expect(refusal(parseFqdn('', 'webServerFqdn')).field).toBe('webServerFqdn');
  });
});

describe('Japanese postal code', () => {
  it('normalizes 7 digits, NNN-NNNN, full-width digits and 〒 to NNN-NNNN', () => {
    expect(value(parsePostalCode('1500001'))).toBe('150-0001');
    expect(value(parsePostalCode('150-0001'))).toBe('150-0001');
    expect(value(parsePostalCode('〒１５０－０００１'))).toBe('150-0001');
  });
  it('refuses other shapes', () => {
    for (const bad of ['150-001', '15000011', '150 0001', 'ABC-DEFG', '']) expect(refusal(parsePostalCode(bad)).message).toMatch(/postal code/);
  });
});

describe('prefectures (the 47, official Japanese names)', () => {
  it('lists exactly 47 distinct prefectures', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(new Set(PREFECTURES.map(([ja]) => ja)).size).toBe(47);
  });
  it('normalizes romanized names to the official Japanese name', () => {
    expect(value(parsePrefecture('Tokyo'))).toBe('東京都');
    expect(value(parsePrefecture('osaka'))).toBe('大阪府');
    expect(value(parsePrefecture('Hokkaido'))).toBe('北海道');
    expect(value(parsePrefecture('Tōkyō'))).toBe('東京都');
    expect(value(parsePrefecture('Kyoto-fu'))).toBe('京都府');
    expect(value(parsePrefecture('Kanagawa Prefecture'))).toBe('神奈川県');
    expect(value(parsePrefecture('Hyōgo-ken'))).toBe('兵庫県');
  });
  it('accepts every official name as is, and the name without its suffix', () => {
    for (const [ja] of PREFECTURES) expect(value(parsePrefecture(ja))).toBe(ja);
    expect(value(parsePrefecture('東京'))).toBe('東京都');
  });
  it('refuses places that are not prefectures of Japan', () => {
    expect(refusal(parsePrefecture('California')).message).toMatch(/47 prefectures/);
    expect(refusal(parsePrefecture('東京市')).message).toMatch(/47 prefectures/);
  });
});

describe('corporate number (13 digits, National Tax Agency check digit)', () => {
  it('computes the check digit: 9 − (Σ P·Q mod 9), Q alternating 1, 2 from the right', () => {
    // 7000012050002 is the National Tax Agency's own corporate number.
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(value(parseCorporateNumber('7000012050002'))).toBe('7000012050002');
    expect(value(parseCorporateNumber('7-0000-1205-0002'))).toBe('7000012050002');
  });
  it('refuses a wrong check digit or length, naming the expected digit', () => {
    expect(refusal(parseCorporateNumber('1000012050002')).message).toMatch(/expected 7/);
    expect(refusal(parseCorporateNumber('700001205000')).message).toMatch(/13 digits/);
  });
});

describe('e-mail address', () => {
  it('accepts dot-atom addresses and converts an IDN domain', () => {
    expect(value(parseEmail('Hanako.Sato+pfw@Example.CO.JP'))).toBe('Hanako.Sato+pfw@example.co.jp');
    expect(value(parseEmail('info@例え.jp'))).toBe('info@xn--r8jz45g.jp');
  });
  it('refuses malformed addresses', () => {
    expect(refusal(parseEmail('no-at-sign')).message).toMatch(/not an e-mail address/);
    expect(refusal(parseEmail('a..b@example.jp')).message).toMatch(/before @/);
    expect(refusal(parseEmail('a@localhost')).message).toMatch(/invalid domain/);
    expect(refusal(parseEmail(`${'a'.repeat(65)}@example.jp`)).message).toMatch(/64/);
  });
});

describe('Japanese phone number', () => {
  it('accepts hyphens or none, +81 with or without (0), full-width digits; answers national digits', () => {
    expect(value(parsePhone('03-1234-5678'))).toBe('0312345678');
    expect(value(parsePhone('0312345678'))).toBe('0312345678');
    expect(value(parsePhone('+81 3-1234-5678'))).toBe('0312345678');
    expect(value(parsePhone('+81 (0)3 1234 5678'))).toBe('0312345678');
    expect(value(parsePhone('090-1234-5678'))).toBe('09012345678');
    expect(value(parsePhone('＋８１９０１２３４５６７８'))).toBe('09012345678');
    expect(value(parsePhone('0120-123-456'))).toBe('0120123456');
    expect(value(parsePhone('0465-12-3456'))).toBe('0465123456');
  });
  it('refuses wrong lengths and foreign numbers', () => {
    expect(refusal(parsePhone('090-1234-567')).message).toMatch(/has 10 digits; a 090 number has 11/);
    expect(refusal(parsePhone('03-1234-56789')).message).toMatch(/fixed-line number has 10/);
    expect(refusal(parsePhone('+1 415 555 0100')).message).toMatch(/\+81/);
    expect(refusal(parsePhone('tel: 03')).message).toMatch(/characters/);
  });
});

describe('money and the qualified invoice', () => {
  it('consumption tax is 10 % rounded down once per invoice', () => {
    expect(consumptionTax(60_000, { percent: 10 })).toBe(6_000);
    expect(consumptionTax(12_345, { percent: 10 })).toBe(1_234);
    expect(consumptionTax(9, { percent: 10 })).toBe(0);
    expect(invoiceAmounts(99_999, { percent: 10 })).toEqual({ subtotalJpy: 99_999, consumptionTaxJpy: 9_999, totalJpy: 109_998 });
  });
  it('the registration number is T followed by 13 digits', () => {
    expect(value(parseInvoiceRegistrationNumber('T7000012050002'))).toBe('T7000012050002');
    expect(refusal(parseInvoiceRegistrationNumber('7000012050002')).message).toMatch(/T followed by 13 digits/);
  });
});
