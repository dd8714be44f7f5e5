import fc from 'fast-check';
import { CanonicalJsonError, canonicalBytes, canonicalJson } from '@pfw/audit';

/** A double from its IEEE-754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson (RFC 8785)', () => {
  it('canonicalizes the §3.2.2 sample', () => {
    const input = JSON.parse(
      String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`,
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units, not code points (§3.2.3)', () => {
    const input = JSON.parse(
      String.raw`{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
      }`,
    ) as Record<string, string>;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // U+1F600 is the surrogate pair D83D DE00, so it sorts before U+FB33 (code-point order would not).
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: true } })).toBe(
      '{"a":{"c":true,"d":null},"b":[3,{"a":2,"z":1},1]}',
    );
  });

  // RFC 8785 Appendix B: IEEE-754 bit pattern → canonical number text.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('formats the double %s as %s', (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it('formats everyday numbers as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e20, 0.1, -0, 100, 1.5e-7, 0.000001])).toBe(
      '[1e+21,100000000000000000000,0.1,0,100,1.5e-7,0.000001]',
    );
  });

  it('escapes only what JSON requires, in lower-case hex, and emits UTF-8', () => {
    expect(canonicalJson('\u0000\u001f\b\t\n\f\r"\\/\u007f\u2028€😀')).toBe(
      '"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\/\u007f\u2028€😀"',
    );
    expect(canonicalBytes({ '€': '😀' }).toString('hex')).toBe('7b22e282ac223a22f09f988022' + '7d');
  });

  it('accepts objects without a prototype and repeated (non-cyclic) references', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    const shared = { x: 1 };
    expect(canonicalJson({ bare, p: shared, q: [shared, shared] })).toBe(
      '{"bare":{"a":2,"b":1},"p":{"x":1},"q":[{"x":1},{"x":1}]}',
    );
  });

  it('is a fixed point: canonicalizing parsed canonical text gives the same text and the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonicalJson rejects what is not plain JSON', () => {
  class Money {
    constructor(readonly amount: number) {}
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const sparse: number[] = [];
  sparse[0] = 1;
  sparse[2] = 3;

  it.each<[string, unknown, string, RegExp]>([
    ['a bigint', { position: 12n }, '$.position', /bigint .*decimal string/],
    ['a nested bigint', { data: { items: [1, 2n] } }, '$.data.items[1]', /bigint/],
    ['undefined as a property', { a: undefined }, '$.a', /undefined/],
    ['undefined in an array', [undefined], '$[0]', /undefined/],
    ['undefined at the root', undefined, '$', /undefined/],
    ['NaN', { n: NaN }, '$.n', /NaN/],
    ['Infinity', [Infinity], '$[0]', /Infinity/],
    ['a Date', { at: new Date(0) }, '$.at', /Date.*toISOString/],
    ['a Map', new Map([['a', 1]]), '$', /Map/],
    ['a Buffer', { b: Buffer.from('x') }, '$.b', /Buffer/],
    ['a class instance', { m: new Money(5) }, '$.m', /Money/],
    ['a function', { f: () => 1 }, '$.f', /function/],
    ['a symbol value', { s: Symbol('s') }, '$.s', /symbol/],
    ['a symbol key', { [Symbol('k')]: 1 }, '$', /symbol-keyed/],
    ['a lone high surrogate', { s: 'a\ud800b' }, '$.s', /lone UTF-16 surrogate/],
    ['a lone low surrogate in a key', { ['x\udc00']: 1 }, '$["x\\udc00"]', /lone UTF-16 surrogate/],
    ['a cycle', cyclic, '$.self', /cyclic/],
    ['a sparse array', sparse, '$[1]', /sparse/],
  ])('%s', (_what, value, path, message) => {
    let caught: unknown;
    try {
      canonicalBytes(value);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CanonicalJsonError);
    expect((caught as CanonicalJsonError).path).toBe(path);
    expect((caught as CanonicalJsonError).message).toMatch(message);
  });
});
