import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

export interface QueryLimits {
  /** Deepest nesting of fields allowed. */
  readonly maxDepth: number;
  /** Largest estimated cost: each field costs 1, times the page size of every list above it. */
  readonly maxCost: number;
  /** Page size assumed for a list field that names no `first`. */
  readonly defaultListSize: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 25_000, defaultListSize: 20 };

function argumentNumber(field: FieldNode, name: string, variables: Record<string, unknown>): number | null {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Number(arg.value.value);
  if (arg.value.kind === Kind.VARIABLE) {
    const v = variables[arg.value.name.value];
    return typeof v === 'number' ? v : null;
  }
  return null;
}

/**
 * Depth and estimated cost of one operation. A field with sub-selections and a `first` argument
 * multiplies the cost of what is under it; `edges`/`nodes` under it are not multiplied again.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const measure = (set: SelectionSetNode | undefined, depth: number, seen: ReadonlySet<string>): { depth: number; cost: number } => {
    if (!set) return { depth, cost: 0 };
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set.selections) {
      let inner: { depth: number; cost: number };
      let own = 0;
      let multiplier = 1;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        inner = measure(selection.selectionSet, depth + 1, seen);
        own = 1;
        if (selection.selectionSet) {
          const first = argumentNumber(selection, 'first', variables);
          const isListWrapper = selection.name.value === 'edges' || selection.name.value === 'nodes';
          multiplier = first ?? (isListWrapper ? 1 : selection.name.value.endsWith('s') ? limits.defaultListSize : 1);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet, depth, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // GraphQL's own validation refuses fragment cycles
        inner = measure(fragment.selectionSet, depth, new Set([...seen, name]));
      }
      cost += own + multiplier * inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    }
    return { depth: maxDepth, cost };
  };
  return measure(operation.selectionSet, 0, new Set());
}

/** Refuses, before anything runs, an operation deeper or costlier than the limits (BAD_USER_INPUT). */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const { depth, cost } = measureOperation(document, operation, request.variables ?? {}, limits);
          const refuse = (message: string) =>
            new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'query', http: { status: 400 } } });
          if (depth > limits.maxDepth) throw refuse(`the query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed`);
          if (cost > limits.maxCost) throw refuse(`the query would cost about ${cost} (fields × page sizes); at most ${limits.maxCost} is allowed`);
        },
      };
    },
  };
}
