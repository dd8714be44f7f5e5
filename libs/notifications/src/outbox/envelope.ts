import { PayloadUnreadableError } from '../errors';
import type { OutgoingMessage } from '../transport/port';
import type { PayloadProtector } from './protector';
import type { OutboxRow } from './store';

/** What a row's payload holds once opened: the message as rendered at enqueue time, and who it is for. */
export interface NoticeEnvelope {
  readonly v: 1;
  /** The rendered message, without the send-time fields (date). */
  readonly message: Omit<OutgoingMessage, 'date' | 'contractId'>;
  /** The address `CustomerNotified.recipient` records. */
  readonly recipient: string;
  /** TERMS_CHANGED: the version announced. */
  readonly termsVersion: string | null;
}

export function encodeEnvelope(envelope: NoticeEnvelope): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(envelope));
}

function isEnvelope(v: unknown): v is NoticeEnvelope {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<NoticeEnvelope>;
  return e.v === 1 && typeof e.recipient === 'string' && typeof e.message === 'object' && e.message !== null
    && typeof e.message.messageId === 'string' && Array.isArray(e.message.to) && typeof e.message.text === 'string';
}

/** Opens a row's payload with the protector that sealed it; every problem is a PayloadUnreadableError. */
export async function openEnvelope(row: OutboxRow, protectors: ReadonlyMap<string, PayloadProtector>): Promise<NoticeEnvelope> {
  if (row.payload === null) throw new PayloadUnreadableError(row.id, 'its payload was purged');
  const protector = protectors.get(row.protectorId);
  if (!protector) throw new PayloadUnreadableError(row.id, `no payload protector "${row.protectorId}" is configured`);
  let bytes: Uint8Array;
  try {
    bytes = await protector.open(row.contractId, row.payload);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PayloadUnreadableError(row.id, `payload protector "${row.protectorId}" could not open it (${reason})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new PayloadUnreadableError(row.id, 'its payload is not the JSON the outbox wrote', { cause: error });
  }
  if (!isEnvelope(parsed)) throw new PayloadUnreadableError(row.id, 'its payload is not a notice envelope (v1)');
  return parsed;
}
