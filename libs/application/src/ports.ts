import type { DocumentRef, DomainPolicy } from '@pfw/domain';

/**
 * What the application knows of uploaded files (POST /documents): their kind and digest. Implemented by the
 * documents store; a command naming an unknown or destroyed document is refused (BAD_USER_INPUT).
 */
export interface DocumentCatalog {
  /** The references for `ids`, in the same order; throws InvalidInput (field `field`) for an unknown id. */
  describe(ids: readonly string[], field: string): Promise<DocumentRef[]>;
  /**
   * A document belongs to the one application it is first attached to, so that destroying one application's
   * evidence (Art. 4) never touches another's. Binds `ids` to `contractId` and describes them, in order; throws
   * InvalidInput (field `field`) for an unknown or destroyed id or one bound to another contract. `bound` lists
   * the ids this call bound (not those bound to this contract before).
   */
  attach(ids: readonly string[], contractId: string, field: string): Promise<AttachedDocuments>;
  /** Undoes an `attach` whose command was refused (nothing was written): the ids are free again. */
  release(ids: readonly string[], contractId: string): Promise<void>;
}

export interface AttachedDocuments {
  readonly documents: DocumentRef[];
  readonly bound: readonly string[];
}

export const DOCUMENT_CATALOG = Symbol.for('pfw.DocumentCatalog');
export const DOMAIN_POLICY = Symbol.for('pfw.DomainPolicy');

export type { DomainPolicy };

/** A saga step that failed repeatedly or needs a person (API.md `stuckProcesses`). No personal data. */
export interface StuckProcessInfo {
  /** What `retryProcess(processId)` takes. */
  readonly id: string;
  readonly source: string;
  readonly saga: string | null;
  readonly contractId: string | null;
  readonly kind: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly dueAt: Date | null;
  readonly stuckAt: Date | null;
}

/**
 * What the API asks of the automated side (libs/sagas implements it): the stuck steps, running one again,
 * and moving the simulated clock (firing what fell due in due order). `advanceClock` rejects with an error
 * whose `code` is `CLOCK_NOT_SIMULATED` unless CLOCK=simulated.
 */
export interface ProcessOperations {
  stuckProcesses(): Promise<StuckProcessInfo[]>;
  retryProcess(processId: string): Promise<StuckProcessInfo>;
  advanceClock(input: { readonly days: number } | { readonly to: Date }): Promise<{ now: Date }>;
}

export const PROCESS_OPERATIONS = Symbol.for('pfw.ProcessOperations');
