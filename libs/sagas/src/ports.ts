/**
 * Art. 4(2): deletes submitted files from the document store (their ids and digests stay in the log).
 * The documents library's store implements it; the app provides it under DOCUMENT_DESTROYER.
 */
export interface DocumentDestroyer {
  destroy(ids: readonly string[]): Promise<unknown>;
}

export const DOCUMENT_DESTROYER = Symbol.for('pfw.DocumentDestroyer');
