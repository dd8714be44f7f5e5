import { DomainError, type DocumentRef } from '@pfw/domain';
import type { DocumentCatalog } from '../ports';

/** The document ids of one command field (`documentIds`, `transferConsentDocumentId`). */
export interface DocumentField {
  readonly ids: readonly string[];
  readonly field: string;
}

/**
 * Binds each field's documents to the contract, then runs the command with their references. When the command
 * is refused (a domain error: nothing was appended) the documents this call bound are released, so a refused
 * submission does not keep its uploads from being attached by the next, corrected one.
 */
export async function withAttachedDocuments<T>(
  catalog: DocumentCatalog,
  contractId: string,
  fields: readonly DocumentField[],
  run: (documents: DocumentRef[][]) => Promise<T>,
): Promise<T> {
  const bound: string[] = [];
  const documents: DocumentRef[][] = [];
  try {
    for (const { ids, field } of fields) {
      const attached = await catalog.attach(ids, contractId, field);
      bound.push(...attached.bound);
      documents.push(attached.documents);
    }
    return await run(documents);
  } catch (err) {
    if (err instanceof DomainError && bound.length > 0) await catalog.release(bound, contractId);
    throw err;
  }
}
