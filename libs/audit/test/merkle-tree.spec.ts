import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  InMemoryMerkleStore,
  MerkleProofError,
  MerkleTree,
  assertInclusion,
  consistencyProof,
  inclusionPath,
  leafHash,
  merkleTreeHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
  type MerkleNode,
  type MerkleStore,
} from '@pfw/audit';

const entry = (i: number): Buffer => Buffer.from(`entry #${i}`, 'utf8');

function buildTree(n: number): { tree: MerkleTree; leaves: Buffer[] } {
  const tree = new MerkleTree();
  const leaves: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const h = leafHash(entry(i));
    leaves.push(h);
    expect(tree.append(h)).toBe(i);
  }
  return { tree, leaves };
}

function flipBit(proof: Buffer[], element: number, bit: number): Buffer[] {
  return proof.map((p, i) => {
    if (i !== element) return p;
    const copy = Buffer.from(p);
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  });
}

const sizeAndIndex = (max: number) =>
  fc.integer({ min: 1, max }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
const twoSizes = (max: number) =>
  fc.integer({ min: 1, max }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));

describe('hashing (RFC 6962 §2.1)', () => {
  it('uses SHA-256 with 0x00 / 0x01 prefixes and SHA-256("") for the empty tree', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const l = Buffer.alloc(32, 1);
    const r = Buffer.alloc(32, 2);
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest();
    expect(nodeHash(l, r).equals(expected)).toBe(true);
    expect(new MerkleTree().root().equals(EMPTY_ROOT)).toBe(true);
    expect(merkleTreeHash([]).equals(EMPTY_ROOT)).toBe(true);
  });
});

describe('MerkleTree against the from-scratch RFC 9162 recursion', () => {
  const N = 600;
  const { tree, leaves } = buildTree(N);

  it('has the recursive root at every prefix size 0…N, also after later appends', () => {
    for (let size = 0; size <= N; size++) {
      expect(tree.root(size).toString('hex')).toBe(merkleTreeHash(leaves.slice(0, size)).toString('hex'));
    }
  });

  it('tracks the root while appending', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 80 }), (entries) => {
        const t = new MerkleTree();
        const hashes: Buffer[] = [];
        for (const e of entries) {
          t.appendEntry(e);
          hashes.push(leafHash(e));
          expect(t.root().equals(merkleTreeHash(hashes))).toBe(true);
        }
        expect(t.size).toBe(entries.length);
      }),
      { numRuns: 200 },
    );
  });

  it('generates the RFC inclusion proofs, which verify, and tampered ones do not', () => {
    fc.assert(
      fc.property(sizeAndIndex(N), fc.nat(), fc.nat({ max: 255 }), ([size, index], pick, bit) => {
        const proof = tree.inclusionProof(index, size);
        const root = tree.root(size);
        const leaf = leaves[index]!;
        expect(proof).toEqual(inclusionPath(index, leaves.slice(0, size)));
        expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);

        if (proof.length > 0) {
          expect(verifyInclusion(index, size, leaf, flipBit(proof, pick % proof.length, bit), root)).toBe(false);
          expect(verifyInclusion(index, size, leaf, proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(index, size, leaf, proof.slice(1), root)).toBe(false);
        }
        expect(verifyInclusion(index, size, leaf, [...proof, Buffer.alloc(32)], root)).toBe(false);
        expect(verifyInclusion(index, size, leafHash(entry(N + 1)), proof, root)).toBe(false);
        expect(verifyInclusion(index, size, leaf, proof, tree.root(size === 1 ? 2 : size - 1))).toBe(false);
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaf, proof, root)).toBe(false);
        // Not asserted: a wrong tree size. A proof binds the root, not the size (size 3's proof for leaf 0
        // also "verifies" as size 4 against root(3)); the signed tree head binds size and root together.
      }),
      { numRuns: 400 },
    );
  });

  it('generates the RFC consistency proofs, which verify, and tampered ones do not', () => {
    fc.assert(
      fc.property(twoSizes(N), fc.nat(), fc.nat({ max: 255 }), ([size1, size2], pick, bit) => {
        const proof = tree.consistencyProof(size1, size2);
        const root1 = tree.root(size1);
        const root2 = tree.root(size2);
        expect(proof).toEqual(consistencyProof(size1, leaves.slice(0, size2)));
        expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);

        if (size1 === size2) {
          expect(proof).toEqual([]);
          expect(verifyConsistency(size1, size2, [root1], root1, root2)).toBe(false);
          return;
        }
        expect(verifyConsistency(size1, size2, flipBit(proof, pick % proof.length, bit), root1, root2)).toBe(false);
        expect(verifyConsistency(size1, size2, proof.slice(0, -1), root1, root2)).toBe(false);
        expect(verifyConsistency(size1, size2, [...proof, Buffer.alloc(32)], root1, root2)).toBe(false);
        expect(verifyConsistency(size1, size2, proof, root2, root1)).toBe(false);
        expect(verifyConsistency(size1, size2, proof, tree.root(size1 - 1), root2)).toBe(false);
        if (size1 + 1 < size2) expect(verifyConsistency(size1 + 1, size2, proof, root1, root2)).toBe(false);
        // As for inclusion, size2 itself is bound by the signed tree head, not by the proof.
      }),
      { numRuns: 400 },
    );
  });

  it('proves at the edges: size 1, powers of two, and the last leaf', () => {
    for (const size of [1, 2, 3, 4, 8, 16, 64, 255, 256, 257, 512, N]) {
      for (const index of [0, size - 1, Math.floor(size / 2)]) {
        const proof = tree.inclusionProof(index, size);
        expect(verifyInclusion(index, size, leaves[index]!, proof, tree.root(size))).toBe(true);
      }
      for (const size1 of [1, size - 1, size].filter((s) => s >= 1)) {
        const proof = tree.consistencyProof(size1, size);
        expect(verifyConsistency(size1, size, proof, tree.root(size1), tree.root(size))).toBe(true);
      }
    }
  });

  it('explains a failed proof', () => {
    const proof = tree.inclusionProof(3, 10);
    expect(() => assertInclusion(3, 10, leaves[3]!, proof.slice(1), tree.root(10))).toThrow(MerkleProofError);
    expect(() => assertInclusion(10, 10, leaves[3]!, proof, tree.root(10))).toThrow(/not below tree size/);
  });
});

describe('MerkleTree at scale', () => {
  const N = 70_000;
  const { tree, leaves } = buildTree(N);

  it('has the recursive root and valid proofs', () => {
    expect(tree.root().equals(merkleTreeHash(leaves))).toBe(true);
    fc.assert(
      fc.property(sizeAndIndex(N), twoSizes(N), ([size, index], [size1, size2]) => {
        expect(verifyInclusion(index, size, leaves[index]!, tree.inclusionProof(index, size), tree.root(size))).toBe(true);
        const proof = tree.consistencyProof(size1, size2);
        expect(verifyConsistency(size1, size2, proof, tree.root(size1), tree.root(size2))).toBe(true);
        // O(log n) proofs: at most one hash per level.
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size2)) + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('MerkleTree argument checks and the store interface', () => {
  const { tree } = buildTree(10);

  it('refuses out-of-range sizes and indices', () => {
    expect(() => tree.root(11)).toThrow(RangeError);
    expect(() => tree.root(-1)).toThrow(RangeError);
    expect(() => tree.inclusionProof(10, 10)).toThrow(RangeError);
    expect(() => tree.inclusionProof(0, 11)).toThrow(RangeError);
    expect(() => tree.inclusionProof(0, 0)).toThrow(RangeError);
    expect(() => tree.consistencyProof(0, 5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(1, 11)).toThrow(RangeError);
    expect(() => tree.leafHashAt(10)).toThrow(RangeError);
    expect(() => tree.append(Buffer.alloc(31))).toThrow(RangeError);
    expect(tree.size).toBe(10);
  });

  it('hands out copies: mutating a returned hash changes nothing', () => {
    const root = tree.root();
    tree.root().fill(0);
    tree.leafHashAt(3).fill(0);
    tree.inclusionProof(3, 10)[0]!.fill(0);
    expect(tree.root().equals(root)).toBe(true);
  });

  it('the in-memory store rejects an out-of-order batch without changing', () => {
    const store = new InMemoryMerkleStore();
    store.append([{ level: 0, index: 0, hash: Buffer.alloc(32, 1) }]);
    const bad: MerkleNode[] = [
      { level: 0, index: 1, hash: Buffer.alloc(32, 2) },
      { level: 1, index: 1, hash: Buffer.alloc(32, 3) },
    ];
    expect(() => store.append(bad)).toThrow(RangeError);
    expect(store.size).toBe(1);
    expect(() => store.node(0, 1)).toThrow(RangeError);
  });

  it('works over another MerkleStore and resumes from what it stored', () => {
    // A store keyed by "level/index", as a database table would be.
    class MapStore implements MerkleStore {
      readonly rows = new Map<string, Buffer>();
      size = 0;
      node(level: number, index: number): Buffer {
        const row = this.rows.get(`${level}/${index}`);
        if (!row) throw new RangeError(`missing ${level}/${index}`);
        return Buffer.from(row);
      }
      append(nodes: readonly MerkleNode[]): void {
        for (const n of nodes) this.rows.set(`${n.level}/${n.index}`, Buffer.from(n.hash));
        this.size++;
      }
    }
    const store = new MapStore();
    const first = new MerkleTree(store);
    const hashes: Buffer[] = [];
    for (let i = 0; i < 37; i++) hashes.push(leafHash(entry(i)));
    hashes.slice(0, 20).forEach((h) => first.append(h));
    const resumed = new MerkleTree(store);
    hashes.slice(20).forEach((h) => resumed.append(h));
    expect(resumed.size).toBe(37);
    expect(resumed.root().equals(merkleTreeHash(hashes))).toBe(true);
    expect(resumed.root(20).equals(merkleTreeHash(hashes.slice(0, 20)))).toBe(true);
    // 37 leaves store 37 + 18 + 9 + 4 + 2 + 1 complete-subtree nodes.
    expect(store.rows.size).toBe(37 + 18 + 9 + 4 + 2 + 1);
  });
});
