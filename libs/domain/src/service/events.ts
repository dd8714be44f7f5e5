import type { Actor } from '../actor';
import type { JapanDate } from '../time/japan-date';

/** Events of the `service` stream: Art. 6 suspension and Art. 13 terms revisions. */

export interface ServiceSuspendedData {
  readonly reason: string;
  readonly suspendedAt: Date;
  readonly by: Actor;
}

export interface ServiceResumedData {
  readonly reason: string | null;
  readonly resumedAt: Date;
  /** When the suspension being lifted began. */
  readonly suspendedSince: Date;
  readonly by: Actor;
}

export interface TermsRevisedData {
  readonly version: string;
  readonly effectiveFrom: JapanDate;
  readonly summary: string;
  /** SHA-256 of the terms document, lowercase hex, if one was uploaded. */
  readonly documentSha256: string | null;
  readonly revisedAt: Date;
  readonly by: Actor;
}

export type ServiceSuspended = { readonly type: 'ServiceSuspended'; readonly data: ServiceSuspendedData };
export type ServiceResumed = { readonly type: 'ServiceResumed'; readonly data: ServiceResumedData };
export type TermsRevised = { readonly type: 'TermsRevised'; readonly data: TermsRevisedData };

export type ServiceEvent = ServiceSuspended | ServiceResumed | TermsRevised;
export type ServiceEventType = ServiceEvent['type'];

export const SERVICE_EVENT_SCHEMA_VERSIONS: Readonly<Record<ServiceEventType, number>> = {
  ServiceSuspended: 1,
  ServiceResumed: 1,
  TermsRevised: 1,
};

export const SERVICE_EVENT_TYPES = Object.keys(SERVICE_EVENT_SCHEMA_VERSIONS) as ServiceEventType[];

export const SERVICE_STREAM_ID = 'service';
