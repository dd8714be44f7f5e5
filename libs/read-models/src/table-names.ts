import {
  CheckConstraintNode,
  CreateIndexNode,
  ForeignKeyConstraintNode,
  IdentifierNode,
  KyselyPlugin,
  OperationNodeTransformer,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  PrimaryKeyConstraintNode,
  QueryResult,
  RootOperationNode,
  TableNode,
  UniqueConstraintNode,
  UnknownRow,
  type QueryId,
} from 'kysely';
import { assertIdentifier } from '@pfw/sql';
import type { Projection, TableNames } from './projection';

/** Suffix of the fresh tables a rebuild fills. */
export const REBUILD_SUFFIX = '__rebuild';
const MAX_LOGICAL_TABLE_NAME = 63 - REBUILD_SUFFIX.length;

/** The names of a projection's tables in one phase. Live tables keep their logical names. */
export function tableNames(projection: Projection, phase: 'live' | 'rebuild', generation: number): TableNames {
  const owned = new Set(projection.tables);
  return {
    phase,
    generation,
    table(logical) {
      if (!owned.has(logical)) throw new Error(`projection ${projection.name} does not own a table "${logical}"`);
      return phase === 'live' ? logical : `${logical}${REBUILD_SUFFIX}`;
    },
    index(logical) {
      const name = `${logical}__g${generation}`;
      assertIdentifier(name, `index name (projection ${projection.name})`);
      return name;
    },
  };
}

/** Checks a projection's declaration once, before the runner uses it. */
export function validateProjection(projection: Projection): void {
  assertIdentifier(projection.name, 'projection name');
  if (!Number.isInteger(projection.version) || projection.version < 1) {
    throw new Error(`projection ${projection.name}: version must be a positive integer`);
  }
  if (projection.tables.length === 0) throw new Error(`projection ${projection.name} declares no tables`);
  for (const table of projection.tables) {
    assertIdentifier(table, `table name (projection ${projection.name})`);
    if (table.length > MAX_LOGICAL_TABLE_NAME || table.includes(REBUILD_SUFFIX)) {
      throw new Error(`projection ${projection.name}: table "${table}" must be at most ${MAX_LOGICAL_TABLE_NAME} characters and not contain ${REBUILD_SUFFIX}`);
    }
  }
  if (projection.handles !== 'all' && projection.handles.length === 0) {
    throw new Error(`projection ${projection.name} handles no event type`);
  }
}

/**
 * Rewrites a projection's logical table names to the physical names of one phase, in every query and DDL
 * statement Kysely builds (from, joins, column references, insert/update/delete targets, create table/index),
 * and gives index and named-constraint names the generation suffix. Schema-qualified names and tables the
 * projection does not own are left alone. Raw SQL text is not rewritten: use `names.table()` there.
 */
export class ProjectionTablesPlugin implements KyselyPlugin {
  private readonly transformer: Renamer;

  constructor(projection: Projection, names: TableNames) {
    const map = new Map(projection.tables.map((t) => [t, names.table(t)] as const));
    this.transformer = new Renamer(map, (n) => names.index(n));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class Renamer extends OperationNodeTransformer {
  constructor(
    private readonly tables: ReadonlyMap<string, string>,
    private readonly indexName: (logical: string) => string,
  ) {
    super();
  }

  protected override transformTable(node: TableNode, queryId?: QueryId): TableNode {
    const transformed = super.transformTable(node, queryId);
    if (transformed.table.schema) return transformed;
    const physical = this.tables.get(transformed.table.identifier.name);
    if (physical === undefined) return transformed;
    return { ...transformed, table: { ...transformed.table, identifier: IdentifierNode.create(physical) } };
  }

  protected override transformCreateIndex(node: CreateIndexNode, queryId?: QueryId): CreateIndexNode {
    const transformed = super.transformCreateIndex(node, queryId);
    return { ...transformed, name: IdentifierNode.create(this.indexName(transformed.name.name)) };
  }

  private renamed<T extends { readonly name?: IdentifierNode }>(node: T): T {
    return node.name ? { ...node, name: IdentifierNode.create(this.indexName(node.name.name)) } : node;
  }

  protected override transformPrimaryKeyConstraint(node: PrimaryKeyConstraintNode, queryId?: QueryId): PrimaryKeyConstraintNode {
    return this.renamed(super.transformPrimaryKeyConstraint(node, queryId));
  }

  protected override transformUniqueConstraint(node: UniqueConstraintNode, queryId?: QueryId): UniqueConstraintNode {
    return this.renamed(super.transformUniqueConstraint(node, queryId));
  }

  protected override transformForeignKeyConstraint(node: ForeignKeyConstraintNode, queryId?: QueryId): ForeignKeyConstraintNode {
    return this.renamed(super.transformForeignKeyConstraint(node, queryId));
  }

  protected override transformCheckConstraint(node: CheckConstraintNode, queryId?: QueryId): CheckConstraintNode {
    return this.renamed(super.transformCheckConstraint(node, queryId));
  }
}
