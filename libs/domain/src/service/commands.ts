import type { Actor } from '../actor';

interface Base {
  readonly actor: Actor;
  readonly at: Date;
}

/** Art. 6: the service cannot be provided for reasons not attributable to SECOM. */
export interface SuspendService extends Base {
  readonly type: 'SuspendService';
  readonly reason: string;
}

export interface ResumeService extends Base {
  readonly type: 'ResumeService';
  readonly reason?: string | null;
}

/** Art. 13: a new version of the terms, in force from a Japan date. */
export interface ReviseTerms extends Base {
  readonly type: 'ReviseTerms';
  readonly version: string;
  readonly effectiveFrom: string;
  readonly summary: string;
  readonly documentSha256?: string | null;
}

export type ServiceCommand = SuspendService | ResumeService | ReviseTerms;
