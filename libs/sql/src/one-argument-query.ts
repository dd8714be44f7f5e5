import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';

/** What runs a compiled query: a Kysely instance or a transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Stands for the argument while the query is compiled the first time. */
const ARGUMENT = '\u0000argument';

/**
 * A query with one argument that Kysely builds and compiles once, then runs as that SQL with each new argument
 * in the place the marker took: building and compiling a query costs about as much as running a small one, and
 * these run per request or per event (bench/). If the compiled form does not carry the argument as exactly one
 * parameter, the query is built for every call instead. `build` gets the runner it is called with, so a query
 * compiled through one transaction runs in the next one's.
 */
export class OneArgumentQuery<Q extends QueryRunner, R> {
  /** The compiled form and where the argument goes (null: not reusable, undefined: not compiled yet). */
  private compiled: { readonly sql: string; readonly parameters: readonly unknown[]; readonly at: number } | null | undefined;

  constructor(private readonly build: (q: Q, argument: string) => Compilable<R>) {}

  async rows(q: Q, argument: string): Promise<R[]> {
    if (this.compiled === undefined) {
      const { sql, parameters } = this.build(q, ARGUMENT).compile();
      const at = parameters.indexOf(ARGUMENT);
      this.compiled = at >= 0 && parameters.lastIndexOf(ARGUMENT) === at ? { sql, parameters, at } : null;
    }
    if (this.compiled === null) return (await q.executeQuery(this.build(q, argument).compile())).rows;
    const parameters = [...this.compiled.parameters];
    parameters[this.compiled.at] = argument;
    return (await q.executeQuery(CompiledQuery.raw(this.compiled.sql, parameters) as CompiledQuery<R>)).rows;
  }

  /** The first row, if any. */
  async first(q: Q, argument: string): Promise<R | undefined> {
    return (await this.rows(q, argument))[0];
  }
}
