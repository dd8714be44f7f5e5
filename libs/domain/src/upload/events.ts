import type { Actor } from '../actor';
import type { DocumentRef } from '../contract/types';

/** Events of an upload's own stream (`upload-<document id>`): only uploads no application ever took have one. */

export interface UnattachedUploadDestroyedData {
  /** Id, kind and SHA-256 of the file: the digest stays, so a copy can still be matched to it. */
  readonly document: DocumentRef;
  readonly uploadedAt: Date;
  readonly destroyedAt: Date;
  readonly attachWithinHours: number;
  readonly by: Actor;
}

export type UnattachedUploadDestroyed = { readonly type: 'UnattachedUploadDestroyed'; readonly data: UnattachedUploadDestroyedData };

export type UploadEvent = UnattachedUploadDestroyed;
export type UploadEventType = UploadEvent['type'];

export const UPLOAD_EVENT_SCHEMA_VERSIONS: Readonly<Record<UploadEventType, number>> = {
  UnattachedUploadDestroyed: 1,
};

export const UPLOAD_EVENT_TYPES = Object.keys(UPLOAD_EVENT_SCHEMA_VERSIONS) as UploadEventType[];

/** The stream of one upload. */
export const uploadStreamId = (documentId: string) => `upload-${documentId}`;
