import type { CombinedError } from 'urql';

/** The API's refusal split for a form: messages by input field (extensions.field without `input.`), and the rest. */
export interface FormErrors {
  readonly fields: Record<string, string>;
  readonly general: string[];
}

export function formErrors(error: CombinedError | undefined): FormErrors {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  if (!error) return { fields, general };
  for (const e of error.graphQLErrors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field.replace(/^input\./, '') : null;
    const code = typeof e.extensions?.code === 'string' ? `${e.extensions.code}: ` : '';
    const article = typeof e.extensions?.article === 'string' ? ` (${e.extensions.article})` : '';
    if (field) fields[field] = `${e.message}${article}`;
    else general.push(`${code}${e.message}${article}`);
  }
  if (error.networkError) general.push(error.networkError.message);
  return { fields, general };
}
