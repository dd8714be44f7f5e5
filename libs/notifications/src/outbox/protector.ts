/**
 * How the outbox keeps a rendered message at rest. The message holds personal data (the recipient's
 * address and name, the organization), so the crypto-shredding issue (8) seals it with the contract's
 * data key: plug an AES-256-GCM protector in here and every new row is sealed; `open` on a destroyed key
 * fails with a typed error, which the dispatcher records as a failure (never a crash).
 *
 * `id` is stored with every row, so rows sealed before a protector change still open with the protector
 * they were sealed with (give the dispatcher both).
 */
export interface PayloadProtector {
  readonly id: string;
  seal(contractId: string, plaintext: Uint8Array): Uint8Array | Promise<Uint8Array>;
  open(contractId: string, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** Stores the bytes as they are (the default when no per-contract key is configured). */
export const IDENTITY_PROTECTOR: PayloadProtector = Object.freeze({
  id: 'identity',
  seal: (_contractId: string, plaintext: Uint8Array): Uint8Array => plaintext,
  open: (_contractId: string, sealed: Uint8Array): Uint8Array => sealed,
});
