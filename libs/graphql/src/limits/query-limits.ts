import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, FieldNode, FragmentDefinitionNode, getNamedType, getNullableType, GraphQLError, GraphQLSchema, isCompositeType,
  isInterfaceType, isListType, isObjectType, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode, visit,
  type GraphQLCompositeType, type GraphQLField, type GraphQLNamedType,
} from 'graphql';

export interface QueryLimits {
  /** Deepest nesting of fields allowed. */
  readonly maxDepth: number;
  /** Largest estimated cost: see `measureOperation`. */
  readonly maxCost: number;
  /** Most aliased fields in one document (3,000 aliases of one work list would each load up to 500 contracts). */
  readonly maxAliases: number;
  /** Most fields at the root of an operation. */
  readonly maxRootFields: number;
  /** Most lexical tokens in a document: bounds parsing and validation work before anything else is looked at. */
  readonly maxTokens: number;
  /** Page size of a connection field that names no `first`, and the largest `first` counted. */
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** A list at the root (a work list such as screeningQueue, an audit trail) may answer this many items. */
  readonly rootListSize: number;
  /** A list inside an object (a contract's documents, certificates, payments, notices): assumed at most this long. */
  readonly nestedListSize: number;
  /**
   * Work a field does beyond the items it returns, by `Type.field`: `auditLog` may scan this many events
   * (each decoded and decrypted) looking for a page of matches; `contractAsOf` folds a whole stream.
   */
  readonly fieldWork: Readonly<Record<string, number>>;
}

/** How many events one auditLog page may scan looking for matches of its filters (the resolver's bound). */
export const AUDIT_LOG_SCAN_LIMIT = 50_000;

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxCost: 200_000,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 5_000,
  defaultPageSize: 20,
  maxPageSize: 500,
  rootListSize: 500,
  nestedListSize: 10,
  fieldWork: { 'Query.auditLog': AUDIT_LOG_SCAN_LIMIT, 'Query.auditTrail': 1_000, 'Query.contractAsOf': 1_000 },
};

export interface OperationMeasure {
  readonly depth: number;
  readonly cost: number;
  readonly aliases: number;
  readonly rootFields: number;
}

/**
 * Depth, estimated cost, aliases and root fields of one operation, from the schema's types (not from field
 * names). Each field costs 1, plus its `fieldWork`, and what is under it is multiplied by how many items the
 * field may answer at most: a connection (a field taking `first`) by its `first` (default page size when
 * absent), its `edges`/`nodes` not again; any other list at the root by `rootListSize` (work lists answer up to
 * 500 contracts), a list inside an object by `nestedListSize`. Lists of scalars cost 1. Fragments are expanded
 * where they are spread, so a fragment used twice costs twice.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): OperationMeasure {
  const memo = measures.get(document);
  const known = memo && memo.schema === schema && memo.limits === limits ? memo.byOperation.get(operation) : undefined;
  if (known) return known;
  const { measure, readsVariables } = measureOnce(schema, document, operation, variables, limits);
  // A measure that read no variable holds for every request of the same document: Apollo's document store
  // hands out the same parsed DocumentNode for the same query text, so each text is measured once. One whose
  // cost depends on a variable (`first: $n`) is measured per request.
  if (!readsVariables) {
    const entry = memo && memo.schema === schema && memo.limits === limits ? memo : { schema, limits, byOperation: new Map<OperationDefinitionNode, OperationMeasure>() };
    entry.byOperation.set(operation, measure);
    measures.set(document, entry);
  }
  return measure;
}

/** Measures by document (weakly held: dropped with the document), for the schema and limits they were taken with. */
const measures = new WeakMap<DocumentNode, { readonly schema: GraphQLSchema; readonly limits: QueryLimits; readonly byOperation: Map<OperationDefinitionNode, OperationMeasure> }>();

function measureOnce(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): { measure: OperationMeasure; readsVariables: boolean } {
  let readsVariables = false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const rootType =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();

  const number = (value: ValueNode | undefined): number | null => {
    if (!value) return null;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      readsVariables = true;
      const v = variables[value.name.value];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    return null;
  };

  const itemsOf = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, parent: GraphQLCompositeType, atRoot: boolean): number => {
    if (definition?.args.some((a) => a.name === 'first')) {
      const first = number(field.arguments?.find((a) => a.name.value === 'first')?.value);
      return Math.max(1, Math.min(first ?? limits.defaultPageSize, limits.maxPageSize));
    }
    if (!definition || !isListType(getNullableType(definition.type))) return 1;
    // A connection's edges/nodes: already counted by the connection's `first`.
    if (parent.name.endsWith('Connection')) return 1;
    return atRoot ? limits.rootListSize : limits.nestedListSize;
  };

  const measure = (set: SelectionSetNode | undefined, type: GraphQLCompositeType | null, depth: number, seen: ReadonlySet<string>): { depth: number; cost: number } => {
    if (!set) return { depth, cost: 0 };
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const definition = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
        const named = definition ? getNamedType(definition.type) : null;
        const childType = composite(named);
        const inner = measure(selection.selectionSet, childType, depth + 1, seen);
        const items = selection.selectionSet && type ? itemsOf(selection, definition, type, type === rootType) : 1;
        const work = type ? (limits.fieldWork[`${type.name}.${name}`] ?? 0) : 0;
        cost += 1 + work + items * inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? composite(schema.getType(selection.typeCondition.name.value)) : null;
        const inner = measure(selection.selectionSet, condition ?? type, depth, seen);
        cost += inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // GraphQL's own validation refuses fragment cycles
        const condition = composite(schema.getType(fragment.typeCondition.name.value));
        const inner = measure(fragment.selectionSet, condition ?? type, depth, new Set([...seen, name]));
        cost += inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      }
    }
    return { depth: maxDepth, cost };
  };

  let aliases = 0;
  visit(document, { Field: (node) => void (node.alias ? aliases++ : undefined) });
  const { depth, cost } = measure(operation.selectionSet, rootType ?? null, 0, new Set());
  return { measure: Object.freeze({ depth, cost, aliases, rootFields: countRootFields(operation.selectionSet, fragments, new Set()) }), readsVariables };
}

function composite(type: GraphQLNamedType | null | undefined): GraphQLCompositeType | null {
  return type && isCompositeType(type) ? type : null;
}

function countRootFields(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: ReadonlySet<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments, seen);
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(selection.name.value)) count += countRootFields(fragment.selectionSet, fragments, new Set([...seen, selection.name.value]));
    }
  }
  return count;
}

/** API.md: a query over the cost, depth or alias limits. Refused before anything runs; HTTP 400. */
export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TOO_COMPLEX', http: { status: 400 } } });
}

/** The parser's own refusal of a document over `maxTokens` (Apollo's `parseOptions`). */
export function isTokenLimitMessage(message: string): boolean {
  // graphql 16 words it "more that N tokens".
  return /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(message);
}

/**
 * The refusal of an operation over the alias, root-field, depth or cost limits (TOO_COMPLEX), or null when it is
 * within them. One check for every transport: HTTP (the Apollo plugin) and graphql-ws.
 */
export function operationOverLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): GraphQLError | null {
  const m = measureOperation(schema, document, operation, variables, limits);
  if (m.aliases > limits.maxAliases) return tooComplex(`the query has ${m.aliases} aliases; at most ${limits.maxAliases} are allowed`);
  if (m.rootFields > limits.maxRootFields) return tooComplex(`the operation has ${m.rootFields} root fields; at most ${limits.maxRootFields} are allowed`);
  if (m.depth > limits.maxDepth) return tooComplex(`the query is nested ${m.depth} levels deep; at most ${limits.maxDepth} are allowed`);
  if (m.cost > limits.maxCost) return tooComplex(`the query would cost about ${m.cost} (fields × the most items each list may answer); at most ${limits.maxCost} is allowed`);
  return null;
}

/** Refuses, before anything runs, an operation over the depth, cost, alias or root-field limits (TOO_COMPLEX). */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const refusal = operationOverLimits(schema, document, operation, request.variables ?? {}, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
