import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A JSON event of `type` with a fresh id. */
export const ev = (type: string, data: Record<string, unknown> = {}, metadata?: Record<string, unknown>) => jsonEvent({ id: randomUUID(), type, data, metadata });
