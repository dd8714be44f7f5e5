/** The sort key of the contract connection: (submittedAt, id), both as stored. */
export interface ContractCursorKey {
  readonly submittedAt: string;
  readonly id: string;
}

/** `after` was not a cursor this connection gave out (GraphQL maps it to BAD_USER_INPUT on `after`). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly field = 'after';

  constructor() {
    super('after: not a cursor this list gave out');
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: base64url of the JSON pair [submittedAt, id]. */
export function encodeContractCursor(key: ContractCursorKey): string {
  return Buffer.from(JSON.stringify([key.submittedAt, key.id]), 'utf8').toString('base64url');
}

export function decodeContractCursor(cursor: string): ContractCursorKey {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !ISO_INSTANT.test(value[0]) ||
    typeof value[1] !== 'string' || value[1].length === 0 || value[1].length > 200
  ) {
    throw new InvalidCursorError();
  }
  return { submittedAt: value[0], id: value[1] };
}
