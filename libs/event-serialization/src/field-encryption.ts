import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@pfw/domain';
import type { JsonObject } from '@pfw/event-store';
import { EventEncodingError, PersonalDataUnavailableError } from './errors';
import { personalLeaves } from './personal-fields';
import type { PayloadContext, PayloadTransformer, UnprotectedPayload } from './serializer';

/**
 * Field-level encryption of personal data (docs/personal-data.md).
 *
 * Each personal leaf of a payload (personal-fields.ts) is stored as a JSON string
 *
 *     enc:v1:<contract id>:<base64(nonce 12 bytes ‖ ciphertext ‖ GCM tag 16 bytes)>
 *
 * encrypted with AES-256-GCM under the contract's own data key, with a fresh random nonce per field (a key
 * encrypts a few dozen fields in its life, far below the 2^32 random-nonce bound). The additional
 * authenticated data binds the ciphertext to where it belongs — the contract, the event id, the event type and
 * the field's path — so a ciphertext copied into another event, field or contract does not decrypt.
 *
 * Reading: a destroyed key (the contract was crypto-shredded) makes every such field decode to null and is
 * reported in `shreddedFields`; a key that should be there but is not, or a ciphertext that does not
 * authenticate (tampered, or another master key), is a PersonalDataUnavailableError — never a plaintext guess.
 * Plain strings at personal paths (events written before encryption was switched on) are read as they are.
 */

export const CIPHERTEXT_PREFIX = 'enc:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const AAD_LABEL = 'pfw/personal-data/v1';

/** What the key store answers for a contract's data key when reading. */
export type DataKeyLookup =
  | { readonly state: 'active'; readonly key: Uint8Array }
  /** Crypto-shredded: the key was destroyed on purpose; its fields read as null. */
  | { readonly state: 'destroyed'; readonly destroyedAt: Date }
  /** No key and no record of its destruction: lost (a restored database without its key store, a bug). */
  | { readonly state: 'missing' };

/**
 * The port the transformer needs from a key store (libs/personal-data implements it over the read-model
 * database). Implementations throw PersonalDataUnavailableError when a key exists but cannot be unwrapped.
 */
export interface DataKeyProvider {
  /** The key to encrypt with: the contract's, created on first use; null once it was destroyed (shredded). */
  keyForWrite(contractId: string): Promise<Uint8Array | null>;
  keyForRead(contractId: string): Promise<DataKeyLookup>;
}

function aad(contractId: string, eventId: string, type: string, path: string): Buffer {
  return Buffer.from([AAD_LABEL, contractId, eventId, type, path].join('\u0000'), 'utf8');
}

/** Encrypts one field value (exported for the tests and for tools; the transformer is the normal path). */
export function sealField(key: Uint8Array, plaintext: string, where: { contractId: string; eventId: string; type: string; path: string }): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(where.contractId, where.eventId, where.type, where.path));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${CIPHERTEXT_PREFIX}${where.contractId}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
}

export interface ParsedCiphertext {
  readonly contractId: string;
  readonly sealed: Buffer;
}

/** Splits `enc:v1:<contract id>:<base64>`; null when the string is not in that form. */
export function parseCiphertext(text: string): ParsedCiphertext | null {
  if (!text.startsWith(CIPHERTEXT_PREFIX)) return null;
  const rest = text.slice(CIPHERTEXT_PREFIX.length);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0) return null;
  const b64 = rest.slice(cut + 1);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const sealed = Buffer.from(b64, 'base64');
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  return { contractId: rest.slice(0, cut), sealed };
}

/** Decrypts one field; throws (any error) when it does not authenticate. */
export function openField(key: Uint8Array, sealed: Buffer, where: { contractId: string; eventId: string; type: string; path: string }): string {
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad(where.contractId, where.eventId, where.type, where.path));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

const CONTRACT_STREAM_PREFIX = 'contract-';

/** The contract whose key protects an event's personal fields: its stream's, else ApplicationSubmitted's own id. */
function contractIdFor(type: string, data: { readonly [key: string]: unknown }, context: PayloadContext): string | null {
  const stream = context.streamId;
  if (stream && stream.startsWith(CONTRACT_STREAM_PREFIX) && stream.length > CONTRACT_STREAM_PREFIX.length) return stream.slice(CONTRACT_STREAM_PREFIX.length);
  if (type === 'ApplicationSubmitted' && typeof data['contractId'] === 'string' && data['contractId']) return data['contractId'];
  return null;
}

/**
 * The PayloadTransformer that encrypts personal fields with per-contract data keys. Plug it into the one
 * serializer: `new EventSerializer({ transformer: new PersonalDataTransformer(keys) })`.
 */
export class PersonalDataTransformer implements PayloadTransformer {
  constructor(private readonly keys: DataKeyProvider) {}

  async protect(type: string, data: JsonObject, envelope: EventEnvelope, context: PayloadContext = {}): Promise<JsonObject> {
    const { copy, leaves } = personalLeaves(type, data);
    const present = leaves.filter((l) => l.value !== null && l.value !== undefined);
    if (present.length === 0) return data;
    const contractId = contractIdFor(type, data, context);
    if (contractId === null) {
      throw new EventEncodingError(type, `data.${present[0]!.path}`, 'personal data is encrypted with its contract’s key: encode it with the contract stream id');
    }
    const key = await this.keys.keyForWrite(contractId);
    for (const leaf of present) {
      if (typeof leaf.value !== 'string') throw new EventEncodingError(type, `data.${leaf.path}`, 'a personal field must be a string or null');
      // A contract whose key was destroyed keeps no new personal data either: the field is recorded as null.
      leaf.set(key === null ? null : sealField(key, leaf.value, { contractId, eventId: envelope.eventId, type, path: leaf.path }));
    }
    return copy as JsonObject;
  }

  async unprotect(type: string, data: JsonObject, envelope: EventEnvelope, context: PayloadContext = {}): Promise<JsonObject> {
    return (await this.unprotectDetailed(type, data, envelope, context)).data;
  }

  async unprotectDetailed(type: string, data: JsonObject, envelope: EventEnvelope, _context: PayloadContext = {}): Promise<UnprotectedPayload> {
    const { copy, leaves } = personalLeaves(type, data);
    const sealed = leaves.filter((l) => typeof l.value === 'string' && l.value.startsWith(CIPHERTEXT_PREFIX));
    if (sealed.length === 0) return { data, shreddedFields: [] };
    const lookups = new Map<string, DataKeyLookup>();
    const shreddedFields: string[] = [];
    for (const leaf of sealed) {
      const fail = (reason: PersonalDataUnavailableError['reason'], detail: string, contractId: string | null) =>
        new PersonalDataUnavailableError({ reason, contractId, eventId: envelope.eventId, eventType: type, path: leaf.path, detail });
      const parsed = parseCiphertext(leaf.value as string);
      if (!parsed) throw fail('MALFORMED', 'the stored value starts like a ciphertext but is not one', null);
      let lookup = lookups.get(parsed.contractId);
      if (!lookup) {
        lookup = await this.keys.keyForRead(parsed.contractId);
        lookups.set(parsed.contractId, lookup);
      }
      if (lookup.state === 'destroyed') {
        leaf.set(null);
        shreddedFields.push(leaf.path);
        continue;
      }
      if (lookup.state === 'missing') {
        throw fail('KEY_MISSING', 'the contract has no data key and no record of its destruction (was the key store lost or restored from another backup?)', parsed.contractId);
      }
      try {
        leaf.set(openField(lookup.key, parsed.sealed, { contractId: parsed.contractId, eventId: envelope.eventId, type, path: leaf.path }));
      } catch {
        throw fail('UNREADABLE', 'the ciphertext does not authenticate under the contract’s key (tampered with, or moved from another event or field)', parsed.contractId);
      }
    }
    return { data: copy as JsonObject, shreddedFields };
  }
}
