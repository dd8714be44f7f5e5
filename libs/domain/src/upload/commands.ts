import type { Actor } from '../actor';
import type { DocumentRef } from '../contract/types';

/**
 * Art. 4: an upload never attached to an application within the retention is destroyed; this records the
 * destruction the document store carried out (the file and its key gone), so the audit log holds it.
 */
export interface RecordUnattachedUploadDestroyed {
  readonly type: 'RecordUnattachedUploadDestroyed';
  readonly at: Date;
  readonly actor: Actor;
  readonly document: DocumentRef;
  readonly uploadedAt: Date;
  readonly destroyedAt: Date;
  /** DOCUMENT_ATTACH_HOURS in force: how long an upload waits to be attached. */
  readonly attachWithinHours: number;
}

export type UploadCommand = RecordUnattachedUploadDestroyed;
