export { HASH_SIZE, EMPTY_ROOT, emptyRoot, leafHash, nodeHash } from './hash';
export { merkleTreeHash, inclusionPath, consistencyProof } from './rfc9162';
export {
  MerkleProofError,
  assertInclusion,
  verifyInclusion,
  assertConsistency,
  verifyConsistency,
} from './verify';
export { type MerkleNode, type MerkleStore, InMemoryMerkleStore } from './store';
export { MerkleTree } from './tree';
export {
  type SignedTreeHead,
  type TreeHead,
  TreeHeadError,
  treeHeadSignedBytes,
  signTreeHead,
  assertTreeHead,
  verifyTreeHead,
  rawPublicKey,
  publicKeyFromRaw,
} from './tree-head';
