import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type ASTNode, type DocumentNode, type GraphQLError, type OperationDefinitionNode, type ValueNode } from 'graphql';

/**
 * graphql-js refuses a variable that does not fit its type before any resolver runs, with messages like
 *   Variable "$i" got invalid value "x" at "i.applicant.organizationType"; …
 *   Variable "$i" got invalid value {…}; Field "webServerFqdn" of required type "String!" was not provided.
 *   Variable "$i" got invalid value {…}; Field "extra" is not defined by type "SubmitApplicationInput".
 * The path names the variable, not the argument. API.md promises `extensions.field` = the input path, so this
 * finds the argument the variable is passed to and names the field from there (`input.applicant.organizationType`).
 * A literal written into the document that does not fit (`suspendService(input: { reason: 5 })`) fails GraphQL's
 * validation instead, with the offending AST node: its place among the arguments is the field.
 */
const INVALID_VALUE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s;
const MISSING_OR_UNKNOWN = /^Field "(?:[_A-Za-z][_0-9A-Za-z]*\.)?([_A-Za-z][_0-9A-Za-z]*)" (?:of required type "[^"]+" was not provided|is not defined by type "[^"]+")/;
const NOT_PROVIDED = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)/;

/** Where a variable is used: the argument (and the path inside an object literal) it is the value of. */
function argumentPathOf(operation: OperationDefinitionNode, variable: string): string | null {
  const inValue = (value: ValueNode, path: string): string | null => {
    if (value.kind === Kind.VARIABLE) return value.name.value === variable ? path : null;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        const found = inValue(field.value, `${path}.${field.name.value}`);
        if (found) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = inValue(value.values[i]!, `${path}.${i}`);
        if (found) return found;
      }
    }
    return null;
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const arg of selection.arguments ?? []) {
      const found = inValue(arg.value, arg.name.value);
      if (found) return found;
    }
  }
  return null;
}

/** `i.applicant.documentIds[0]` (the variable's path) → `.applicant.documentIds.0` (what follows the variable). */
function restOfPath(printed: string | undefined, variable: string): string {
  if (!printed) return '';
  const rest = printed.startsWith(variable) ? printed.slice(variable.length) : '';
  return rest.replace(/\[(\d+)\]/g, '.$1');
}

/** The input path a variable-coercion error is about, or null when it is not one (or the variable is not found). */
export function variableErrorField(message: string, operation: OperationDefinitionNode | undefined): string | null {
  if (!operation) return null;
  const invalid = INVALID_VALUE.exec(message);
  if (invalid) {
    const [, variable, at, reason] = invalid;
    const base = argumentPathOf(operation, variable!);
    if (base === null) return null;
    const missing = MISSING_OR_UNKNOWN.exec(reason ?? '');
    return `${base}${restOfPath(at, variable!)}${missing ? `.${missing[1]}` : ''}`;
  }
  const notProvided = NOT_PROVIDED.exec(message);
  if (notProvided) return argumentPathOf(operation, notProvided[1]!);
  return null;
}

/** The input path of a literal value (or object field) inside a root field's arguments, or null when `node` is none. */
export function literalErrorField(message: string, node: ASTNode | undefined, document: DocumentNode | undefined): string | null {
  // A required argument left out: the node is the field, the argument is in the message.
  const missingArgument = /^Field "[_A-Za-z][_0-9A-Za-z]*" argument "([_A-Za-z][_0-9A-Za-z]*)" of type "[^"]+" is required/.exec(message);
  if (missingArgument) return missingArgument[1]!;
  if (!node || !document) return null;
  const same = (candidate: ASTNode) => candidate === node || (candidate.kind === node.kind && candidate.loc !== undefined && candidate.loc.start === node.loc?.start);
  const inValue = (value: ValueNode, path: string): string | null => {
    if (same(value)) {
      // A literal object missing a required field: the node is the object, the field is in the message.
      const missing = value.kind === Kind.OBJECT ? /^Field "(?:[_A-Za-z][_0-9A-Za-z]*\.)?([_A-Za-z][_0-9A-Za-z]*)" of required type "[^"]+" was not provided/.exec(message) : null;
      return missing ? `${path}.${missing[1]}` : path;
    }
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        if (same(field)) return `${path}.${field.name.value}`;
        const found = inValue(field.value, `${path}.${field.name.value}`);
        if (found) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = inValue(value.values[i]!, `${path}.${i}`);
        if (found) return found;
      }
    }
    return null;
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      for (const arg of selection.arguments ?? []) {
        const found = inValue(arg.value, arg.name.value);
        if (found) return found;
      }
    }
  }
  return null;
}

/** Adds `extensions.field` to BAD_USER_INPUT errors about variables and literals (see above); others pass untouched. */
export function variableErrorFieldsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operation, document }) {
          for (const error of errors as readonly GraphQLError[]) {
            const code = error.extensions?.code;
            if (error.extensions?.field !== undefined) continue;
            let field: string | null = null;
            if (code === 'BAD_USER_INPUT') field = variableErrorField(error.message, operation ?? undefined);
            else if (code === 'GRAPHQL_VALIDATION_FAILED') field = literalErrorField(error.message, error.nodes?.[0], document ?? undefined);
            if (field !== null) (error.extensions as Record<string, unknown>).field = field;
          }
        },
      };
    },
  };
}
