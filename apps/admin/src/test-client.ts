import { fromValue } from 'wonka';
import type { Client, CombinedError } from 'urql';

/** A urql client whose mutations answer what `answer` says, recording each input sent (component tests only). */
export function clientAnswering(answer: (input: Record<string, unknown>) => { data?: unknown; error?: CombinedError }) {
  const calls: Record<string, unknown>[] = [];
  const client = {
    executeMutation: (op: { variables: { input: Record<string, unknown> }; key: number }) => {
      calls.push(op.variables.input);
      return fromValue({ operation: op, stale: false, hasNext: false, ...answer(op.variables.input) });
    },
  } as unknown as Client;
  return { client, calls };
}
