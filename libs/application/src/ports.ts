import type { DocumentRef, DomainPolicy } from '@pfw/domain';

/**
 * What the application knows of uploaded files (POST /documents): their kind and digest. Implemented by the
 * documents store; a command naming an unknown or destroyed document is refused (BAD_USER_INPUT).
 */
export interface DocumentCatalog {
  /** The references for `ids`, in the same order; throws InvalidInput (field `field`) for an unknown id. */
  describe(ids: readonly string[], field: string): Promise<DocumentRef[]>;
}

export const DOCUMENT_CATALOG = Symbol.for('pfw.DocumentCatalog');
export const DOMAIN_POLICY = Symbol.for('pfw.DomainPolicy');

export type { DomainPolicy };
