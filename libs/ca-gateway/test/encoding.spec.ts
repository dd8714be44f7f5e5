import {
  baselineMaxLifetimeDays,
  derInteger,
  isValidServerFqdn,
  normalizeSerialNumber,
  randomSerialNumber,
  serialNumberContentHex,
  toWholeSeconds,
} from '../src/local-ca/encoding';
import { CRL_REASON_NAMES, isCrlReasonCode } from '@pfw/ca-gateway';

describe('serial numbers', () => {
  it('are 128 bits, positive, uppercase hex of 32 digits, and differ', () => {
    const serials = Array.from({ length: 50 }, () => randomSerialNumber());
    for (const s of serials) expect(s).toMatch(/^[89A-F][0-9A-F]{31}$/);
    expect(new Set(serials).size).toBe(50);
  });

  it('normalize to what openssl prints', () => {
    expect(normalizeSerialNumber('00:e3:32:f4')).toBe('E332F4');
    expect(normalizeSerialNumber('0a1b')).toBe('0A1B');
    expect(normalizeSerialNumber('a1b')).toBe('0A1B');
    expect(normalizeSerialNumber('0000 01')).toBe('01');
    expect(normalizeSerialNumber('00')).toBeNull();
    expect(normalizeSerialNumber('')).toBeNull();
    expect(normalizeSerialNumber('xyz')).toBeNull();
  });

  it('get a sign byte in DER only when the top bit is set', () => {
    expect(serialNumberContentHex('E332')).toBe('00e332');
    expect(serialNumberContentHex('7F32')).toBe('7f32');
  });
});

describe('derInteger', () => {
  it('encodes minimal two’s complement for non-negative values', () => {
    expect(Buffer.from(derInteger(0n)).toString('hex')).toBe('020100');
    expect(Buffer.from(derInteger(1n)).toString('hex')).toBe('020101');
    expect(Buffer.from(derInteger(127n)).toString('hex')).toBe('02017f');
    expect(Buffer.from(derInteger(128n)).toString('hex')).toBe('02020080');
    expect(Buffer.from(derInteger(256n)).toString('hex')).toBe('02020100');
    expect(() => derInteger(-1n)).toThrow(RangeError);
  });
});

describe('isValidServerFqdn', () => {
  it.each(['www.example.co.jp', 'a.jp', 'xn--eckwd4c7c.xn--zckzah', 'a-b.example.com'])('accepts %s', (name) => {
    expect(isValidServerFqdn(name)).toBe(true);
  });
  it.each(['', 'localhost', '*.example.jp', '192.0.2.1', 'Example.jp', 'a..jp', '-a.jp', 'a-.jp', 'example.jp.', `${'a'.repeat(64)}.jp`])(
    'refuses %j',
    (name) => {
      expect(isValidServerFqdn(name)).toBe(false);
    },
  );
});

describe('toWholeSeconds', () => {
  it('never lengthens the lifetime nor moves notAfter later', () => {
    const cases: [string, string][] = [
      ['2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-01-01T00:00:00.900Z', '2026-03-01T00:00:00.100Z'],
      ['2026-01-01T00:00:00.100Z', '2026-03-01T00:00:00.900Z'],
      ['2026-01-01T00:00:00.500Z', '2026-03-01T00:00:00.500Z'],
    ];
    for (const [nb, na] of cases) {
      const asked = { notBefore: new Date(nb), notAfter: new Date(na) };
      const got = toWholeSeconds(asked.notBefore, asked.notAfter);
      expect(got.notBefore.getMilliseconds()).toBe(0);
      expect(got.notAfter.getMilliseconds()).toBe(0);
      expect(got.notAfter.getTime()).toBeLessThanOrEqual(asked.notAfter.getTime());
      expect(got.notAfter.getTime() - got.notBefore.getTime()).toBeLessThanOrEqual(asked.notAfter.getTime() - asked.notBefore.getTime());
      expect(asked.notAfter.getTime() - asked.notBefore.getTime() - (got.notAfter.getTime() - got.notBefore.getTime())).toBeLessThan(1000);
    }
  });
});

describe('baselineMaxLifetimeDays', () => {
  it('follows BR §6.3.2', () => {
    expect(baselineMaxLifetimeDays(new Date('2026-03-14T23:59:59Z'))).toBe(398);
    expect(baselineMaxLifetimeDays(new Date('2026-03-15T00:00:00Z'))).toBe(200);
    expect(baselineMaxLifetimeDays(new Date('2027-03-15T00:00:00Z'))).toBe(100);
    expect(baselineMaxLifetimeDays(new Date('2029-03-15T00:00:00Z'))).toBe(47);
  });
});

describe('CRL reasons', () => {
  it('allow exactly the codes the BRs allow for subscriber certificates', () => {
    expect(Object.keys(CRL_REASON_NAMES).map(Number)).toEqual([0, 1, 3, 4, 5, 9]);
    for (const code of [0, 1, 3, 4, 5, 9]) expect(isCrlReasonCode(code)).toBe(true);
    for (const code of [2, 6, 8, 10, -1, '1', null]) expect(isCrlReasonCode(code)).toBe(false);
  });
});
