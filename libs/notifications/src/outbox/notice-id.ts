import { v5 as uuidv5 } from 'uuid';
import type { NotificationKind } from '../kinds';

/** Fixed namespace of notice ids (UUID v5): never change it, or enqueueing stops being idempotent. */
export const NOTICE_ID_NAMESPACE = 'c7f9b3f4-58d2-4c55-9a4e-3b9f0e2d6a11';

export interface NoticeIdParts {
  readonly contractId: string;
  readonly kind: NotificationKind;
  /** The event (or deadline) that caused the notice. */
  readonly causationId: string;
  /** Only when one cause yields several notices of the same kind for the same contract. */
  readonly key?: string | null;
}

/**
 * The deterministic id of a notice: a UUID v5 of contract id, kind, causation id (and key). The same
 * saga step enqueueing again, after a crash or a replayed event, gets the same id, so the outbox keeps
 * one row; the application records `CustomerNotified` with a command id derived from it.
 */
export function noticeId(parts: NoticeIdParts): string {
  const name = [parts.contractId, parts.kind, parts.causationId, parts.key ?? ''].map((p) => `${p.length}:${p}`).join('|');
  return uuidv5(name, NOTICE_ID_NAMESPACE);
}
