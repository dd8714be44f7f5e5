import type { Actor } from '@pfw/domain';

/**
 * Art. 4(2): deletes submitted files from the document store (their ids and digests stay in the log), and
 * says which ids it did not delete. The documents library's store implements it; the app provides it under
 * DOCUMENT_DESTROYER.
 */
export interface DocumentDestroyer {
  /**
   * Deletes the files of `ids` that belong to `owner` (the contract); another application's are left alone and
   * named in `foreign`, ids the store has never seen in `unknown`. `by` is recorded with each destroyed key.
   */
  destroy(
    ids: readonly string[],
    options: { readonly owner: string; readonly by?: string },
  ): Promise<{ readonly unknown: readonly string[]; readonly foreign: readonly string[] }>;
}

export const DOCUMENT_DESTROYER = Symbol.for('pfw.DocumentDestroyer');

/**
 * Art. 4: crypto-shredding of a contract's personal data — records PersonalDataShredded, destroys the
 * contract's data key, purges the outbox and sent mail, checkpoints the SQLite WAL. `@pfw/personal-data`'s
 * PersonalDataShredder implements it; the app provides it under PERSONAL_DATA_SHREDDER. Without it the
 * rejection saga sends the ShredPersonalData command alone and the personal-data module, which follows the log,
 * destroys the key.
 */
export interface PersonalDataShredding {
  shredContract(
    contractId: string,
    actor: Actor,
    options?: { readonly correlationId?: string; readonly causationId?: string | null },
  ): Promise<unknown>;
}

export const PERSONAL_DATA_SHREDDER = Symbol.for('pfw.PersonalDataShredder');

/**
 * How stored notices are sealed (the contract's data key, `@pfw/personal-data`'s
 * ContractKeyPayloadProtector). The app provides it; without it notices are stored as rendered.
 */
export const OUTBOX_PROTECTOR = Symbol.for('pfw.OutboxProtector');
