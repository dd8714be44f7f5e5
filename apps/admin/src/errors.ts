import type { TFunction } from 'i18next';
import type { CombinedError } from 'urql';

/** The API's refusal split for a form: messages by input field (extensions.field without `input.`), and the rest. */
export interface FormErrors {
  readonly fields: Record<string, string>;
  readonly general: string[];
}

/** API.md "Errors": the codes a refusal carries, each explained to staff in their language. */
export const ERROR_CODES = ['BAD_USER_INPUT', 'RULE_VIOLATION', 'CONCURRENCY_CONFLICT', 'NOT_FOUND', 'FORBIDDEN', 'IDEMPOTENCY_CONFLICT', 'CLOCK_NOT_SIMULATED', 'TOO_COMPLEX'] as const;

/**
 * The refusal by field and the rest. A general message leads with what its code means for the person at the
 * form (from `t`, when given: `errors.<CODE>`), then the code, the server's message and the article of the terms.
 */
export function formErrors(error: CombinedError | undefined, t?: TFunction): FormErrors {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  if (!error) return { fields, general };
  for (const e of error.graphQLErrors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field.replace(/^input\./, '') : null;
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : null;
    // Named once: a message that already begins with its article ("Art. 7: …") is not followed by it again.
    const article = typeof e.extensions?.article === 'string' && !e.message.startsWith(e.extensions.article) ? ` (${e.extensions.article})` : '';
    if (field) {
      fields[field] = `${e.message}${article}`;
      continue;
    }
    const hint = code && t && (ERROR_CODES as readonly string[]).includes(code) ? `${t(`errors.${code}`)} ` : '';
    general.push(`${hint}${code ? `${code}: ` : ''}${e.message}${article}`);
  }
  if (error.networkError) general.push(error.networkError.message);
  return { fields, general };
}
