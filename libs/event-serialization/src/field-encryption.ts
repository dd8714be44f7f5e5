import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { contractIdOfStream, type EventEnvelope } from '@pfw/domain';
import type { JsonObject } from '@pfw/event-store';
import { EventEncodingError, PersonalDataUnavailableError } from './errors';
import { personalLeaves, type PersonalLeaf } from './personal-fields';
import type { PayloadContext, PayloadTransformer, UnprotectedPayload } from './serializer';

/**
 * Encryption of personal data in stored events (docs/personal-data.md), with the contract's own data key
 * (AES-256-GCM). Two stored formats, named by the event's `metadata.personalDataFormat`:
 *
 * **Format 2 (written now): one seal per event.** Every present personal leaf of the payload (personal-fields.ts)
 * is stored as the marker `enc:v2`, and the payload gets one more member,
 *
 *     "$personal": "enc:v2:<contract id>:<base64(nonce 12 bytes ‖ ciphertext ‖ GCM tag 16 bytes)>"
 *
 * whose plaintext is a JSON object from each sealed leaf's concrete path to its value. One AES-256-GCM
 * operation per event instead of one per field: a rebuild decrypts each event once (the per-call set-up of the
 * cipher, not the bytes, was most of a field's cost). The additional authenticated data binds the seal to the
 * contract, the event id and the event type; the paths are inside the seal, and reading requires the markers to
 * name exactly the sealed paths, so a seal copied into another event or contract, or markers moved between
 * fields, do not read. A fresh random nonce per event (a key seals a few dozen events in its life, far below the
 * 2^32 random-nonce bound).
 *
 * **Format 1 (events written before): one seal per field.** Each personal leaf is the JSON string
 * `enc:v1:<contract id>:<base64(nonce ‖ ciphertext ‖ tag)>`, its additional data the contract, the event id, the
 * event type and the field's path. Read, never written any more. Plain strings at personal paths (events written
 * before encryption was switched on) are read as they are.
 *
 * Reading either: a destroyed key (the contract was crypto-shredded) makes every sealed field decode to null and
 * is reported in `shreddedFields`; a key that should be there but is not, or a seal that does not authenticate
 * (tampered, or another master key), is a PersonalDataUnavailableError — never a plaintext guess.
 */

/** The stored format of personal fields this code writes (metadata.personalDataFormat). */
export const PERSONAL_DATA_FORMAT = 2;

/** Format 2: the payload member holding the event's seal. */
export const SEALED_MEMBER = '$personal';
/** Format 2: what a sealed personal leaf holds in the stored payload (its value is in the seal). */
export const SEALED_MARKER = 'enc:v2';
/** Format 2: the seal's prefix. */
export const SEAL_PREFIX = 'enc:v2:';
const SEAL_AAD_LABEL = 'pfw/personal-data/v2';

/** Format 1: the prefix of a field sealed on its own. */
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

/** Format 1: encrypts one field value (what events before format 2 hold; the tests write such events with it). */
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

/** Splits `enc:v1:<contract id>:<base64>` (or, with SEAL_PREFIX, a format-2 seal); null when the string is not in that form. */
export function parseCiphertext(text: string, prefix: string = CIPHERTEXT_PREFIX): ParsedCiphertext | null {
  if (!text.startsWith(prefix)) return null;
  const rest = text.slice(prefix.length);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0) return null;
  const b64 = rest.slice(cut + 1);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const sealed = Buffer.from(b64, 'base64');
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  return { contractId: rest.slice(0, cut), sealed };
}

/** Format 1: decrypts one field; throws (any error) when it does not authenticate. */
export function openField(key: Uint8Array, sealed: Buffer, where: { contractId: string; eventId: string; type: string; path: string }): string {
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad(where.contractId, where.eventId, where.type, where.path));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Format 2: where a seal belongs (its additional authenticated data). */
export interface SealPlace {
  readonly contractId: string;
  readonly eventId: string;
  readonly type: string;
}

function sealAad(where: SealPlace): Buffer {
  return Buffer.from([SEAL_AAD_LABEL, where.contractId, where.eventId, where.type].join('\u0000'), 'utf8');
}

/** Format 2: seals an event's personal values (concrete path → value) into the `$personal` member's text. */
export function sealEvent(key: Uint8Array, values: { readonly [path: string]: string }, where: SealPlace): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(sealAad(where));
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return `${SEAL_PREFIX}${where.contractId}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
}

/** Format 2: opens a seal (parseCiphertext with SEAL_PREFIX); throws (any error) when it does not authenticate. */
export function openEvent(key: Uint8Array, sealed: Buffer, where: SealPlace): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(sealAad(where));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES));
  decipher.final();
  return JSON.parse(plain.toString('utf8'));
}

/** The contract whose key protects an event's personal fields: its stream's, else ApplicationSubmitted's own id. */
function contractIdFor(type: string, data: { readonly [key: string]: unknown }, context: PayloadContext): string | null {
  const stream = context.streamId;
  const ofStream = stream ? contractIdOfStream(stream) : null;
  if (ofStream) return ofStream;
  if (type === 'ApplicationSubmitted' && typeof data['contractId'] === 'string' && data['contractId']) return data['contractId'];
  return null;
}

type Fail = (reason: PersonalDataUnavailableError['reason'], detail: string, contractId: string | null, path?: string | null) => PersonalDataUnavailableError;

/**
 * The PayloadTransformer that encrypts personal fields with per-contract data keys. Plug it into the one
 * serializer: `new EventSerializer({ transformer: new PersonalDataTransformer(keys) })`. Writes format 2, reads
 * formats 1 and 2 (the event's metadata.personalDataFormat, handed over in the context).
 */
export class PersonalDataTransformer implements PayloadTransformer {
  readonly personalDataFormat = PERSONAL_DATA_FORMAT;

  constructor(private readonly keys: DataKeyProvider) {}

  async protect(type: string, data: JsonObject, envelope: EventEnvelope, context: PayloadContext = {}): Promise<JsonObject> {
    const { copy, leaves } = personalLeaves(type, data);
    const present = leaves.filter((l) => l.value !== null && l.value !== undefined);
    if (present.length === 0) return data;
    const contractId = contractIdFor(type, data, context);
    if (contractId === null) {
      throw new EventEncodingError(type, `data.${present[0]!.path}`, 'personal data is encrypted with its contract’s key: encode it with the contract stream id');
    }
    const values: { [path: string]: string } = {};
    for (const leaf of present) {
      if (typeof leaf.value !== 'string') throw new EventEncodingError(type, `data.${leaf.path}`, 'a personal field must be a string or null');
      values[leaf.path] = leaf.value;
    }
    const key = await this.keys.keyForWrite(contractId);
    // A contract whose key was destroyed keeps no new personal data either: its fields are recorded as null.
    for (const leaf of present) leaf.set(key === null ? null : SEALED_MARKER);
    if (key !== null) copy[SEALED_MEMBER] = sealEvent(key, values, { contractId, eventId: envelope.eventId, type });
    return copy as JsonObject;
  }

  async unprotect(type: string, data: JsonObject, envelope: EventEnvelope, context: PayloadContext = {}): Promise<JsonObject> {
    return (await this.unprotectDetailed(type, data, envelope, context)).data;
  }

  async unprotectDetailed(type: string, data: JsonObject, envelope: EventEnvelope, context: PayloadContext = {}): Promise<UnprotectedPayload> {
    const fail: Fail = (reason, detail, contractId, path = null) =>
      new PersonalDataUnavailableError({ reason, contractId, eventId: envelope.eventId, eventType: type, path, detail });
    return (context.personalDataFormat ?? 1) >= 2 ? this.openSealed(type, data, envelope, fail) : this.openFields(type, data, envelope, fail);
  }

  /** Format 2: one seal per event. */
  private async openSealed(type: string, data: JsonObject, envelope: EventEnvelope, fail: Fail): Promise<UnprotectedPayload> {
    const seal = data[SEALED_MEMBER];
    const { copy, leaves } = personalLeaves(type, data);
    const marked: PersonalLeaf[] = [];
    for (const leaf of leaves) {
      if (leaf.value === SEALED_MARKER) marked.push(leaf);
      else if (leaf.value !== null && leaf.value !== undefined) throw fail('MALFORMED', 'a format-2 event holds a personal value outside its seal', null, leaf.path);
    }
    if (seal === undefined) {
      if (marked.length > 0) throw fail('MALFORMED', 'the field is marked as sealed but the event has no seal', null, marked[0]!.path);
      return { data, shreddedFields: [] };
    }
    const parsed = typeof seal === 'string' && marked.length > 0 && copy !== data ? parseCiphertext(seal, SEAL_PREFIX) : null;
    if (!parsed) throw fail('MALFORMED', `data.${SEALED_MEMBER} is not a seal of this event’s personal fields`, null);
    delete copy[SEALED_MEMBER];
    const lookup = await this.keys.keyForRead(parsed.contractId);
    if (lookup.state === 'destroyed') {
      for (const leaf of marked) leaf.set(null);
      return { data: copy as JsonObject, shreddedFields: marked.map((l) => l.path) };
    }
    if (lookup.state === 'missing') {
      // Named after the first field it makes unreadable, as format 1 does.
      throw fail('KEY_MISSING', 'the contract has no data key and no record of its destruction (was the key store lost or restored from another backup?)', parsed.contractId, marked[0]!.path);
    }
    let values: unknown;
    try {
      values = openEvent(lookup.key, parsed.sealed, { contractId: parsed.contractId, eventId: envelope.eventId, type });
    } catch {
      throw fail('UNREADABLE', 'the seal does not authenticate under the contract’s key (tampered with, or moved from another event)', parsed.contractId, SEALED_MEMBER);
    }
    const sealed = values !== null && typeof values === 'object' ? (values as { [path: string]: unknown }) : {};
    let found = 0;
    for (const leaf of marked) {
      const value = Object.prototype.hasOwnProperty.call(sealed, leaf.path) ? sealed[leaf.path] : undefined;
      if (typeof value !== 'string') throw fail('UNREADABLE', 'the seal holds no value for this field (markers moved between fields)', parsed.contractId, leaf.path);
      leaf.set(value);
      found++;
    }
    if (found !== Object.keys(sealed).length) throw fail('UNREADABLE', 'the seal holds fields the event does not mark as sealed (markers removed)', parsed.contractId);
    return { data: copy as JsonObject, shreddedFields: [] };
  }

  /** Format 1: one seal per field. */
  private async openFields(type: string, data: JsonObject, envelope: EventEnvelope, fail: Fail): Promise<UnprotectedPayload> {
    const { copy, leaves } = personalLeaves(type, data);
    const sealed = leaves.filter((l) => typeof l.value === 'string' && l.value.startsWith(CIPHERTEXT_PREFIX));
    if (sealed.length === 0) return { data, shreddedFields: [] };
    const lookups = new Map<string, DataKeyLookup>();
    const shreddedFields: string[] = [];
    for (const leaf of sealed) {
      const parsed = parseCiphertext(leaf.value as string);
      if (!parsed) throw fail('MALFORMED', 'the stored value starts like a ciphertext but is not one', null, leaf.path);
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
        throw fail('KEY_MISSING', 'the contract has no data key and no record of its destruction (was the key store lost or restored from another backup?)', parsed.contractId, leaf.path);
      }
      try {
        leaf.set(openField(lookup.key, parsed.sealed, { contractId: parsed.contractId, eventId: envelope.eventId, type, path: leaf.path }));
      } catch {
        throw fail('UNREADABLE', 'the ciphertext does not authenticate under the contract’s key (tampered with, or moved from another event or field)', parsed.contractId, leaf.path);
      }
    }
    return { data: copy as JsonObject, shreddedFields };
  }
}
