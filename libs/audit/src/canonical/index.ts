export {
  CanonicalJsonError,
  assertCanonicalizable,
  canonicalJson,
  canonicalBytes,
} from './canonical-json';
export { type AuditLeafDocument, eventLeafDocument, eventLeafEntry } from './event-leaf';
