import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataUnavailableError, type DataKeyProvider } from '@pfw/event-serialization';
import type { PayloadProtector } from '@pfw/notifications';

/** The contract's personal data was crypto-shredded: nothing can be sealed for it or opened any more. */
export class PersonalDataShreddedError extends Error {
  override readonly name = 'PersonalDataShreddedError';
  constructor(readonly contractId: string) {
    super(`the personal data of contract ${contractId} was crypto-shredded (Art. 4): its data key is destroyed`);
  }
}

const LABEL = 'pfw/outbox/v1';
const NONCE = 12;
const TAG = 16;

/**
 * The notification outbox's PayloadProtector (libs/notifications): a rendered notice (recipient, names,
 * organization) is sealed at rest with its contract's data key, AES-256-GCM with the contract id as additional
 * data. Destroying the key makes every stored notice of the contract unreadable; `purgeContract` then erases
 * the rows. Opening a shredded contract's notice throws PersonalDataShreddedError, a lost or wrong key
 * PersonalDataUnavailableError: the dispatcher records either as a failure, never a crash.
 */
export class ContractKeyPayloadProtector implements PayloadProtector {
  readonly id = 'contract-key-v1';

  constructor(private readonly keys: DataKeyProvider) {}

  async seal(contractId: string, plaintext: Uint8Array): Promise<Uint8Array> {
    const key = await this.keys.keyForWrite(contractId);
    if (key === null) throw new PersonalDataShreddedError(contractId);
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${LABEL}\u0000${contractId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]));
  }

  async open(contractId: string, sealed: Uint8Array): Promise<Uint8Array> {
    const lookup = await this.keys.keyForRead(contractId);
    if (lookup.state === 'destroyed') throw new PersonalDataShreddedError(contractId);
    if (lookup.state === 'missing') {
      throw new PersonalDataUnavailableError({ reason: 'KEY_MISSING', contractId, detail: 'the stored notice was sealed with a data key the key store does not have' });
    }
    const bytes = Buffer.from(sealed);
    try {
      if (bytes.length < NONCE + TAG) throw new Error('too short');
      const decipher = createDecipheriv('aes-256-gcm', lookup.key, bytes.subarray(0, NONCE));
      decipher.setAAD(Buffer.from(`${LABEL}\u0000${contractId}`, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(NONCE, bytes.length - TAG)), decipher.final()]));
    } catch {
      throw new PersonalDataUnavailableError({ reason: 'UNREADABLE', contractId, detail: 'the stored notice does not authenticate under the contract’s data key' });
    }
  }
}
