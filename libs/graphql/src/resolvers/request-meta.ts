import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandMeta } from '@pfw/application';
import type { Actor } from '@pfw/domain';

/**
 * The envelope facts of a person's command: the request id (pino's, or the caller's X-Request-Id) correlates
 * everything the request causes; the clientMutationId (scoped by the operation) makes the command idempotent.
 */
export function commandMeta(req: Request | undefined, actor: Actor, operation: string, clientMutationId: string | null | undefined): CommandMeta {
  const requestId = (req as (Request & { id?: unknown }) | undefined)?.id;
  const correlationId = typeof requestId === 'string' && requestId ? requestId : randomUUID();
  return { actor, correlationId, causationId: `request:${correlationId}`, idempotencyKey: clientMutationId ? `${operation}:${clientMutationId}` : null };
}
