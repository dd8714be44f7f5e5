import canonicalize from 'canonicalize';
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Principal } from '@pfw/auth';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * graphql-js's `subscribe` (the source event stream, each event executed against the operation's selection),
 * except that an event handed as one object to many subscriptions is executed once for all of them whose
 * result cannot differ, instead of once per subscription: a shared feed hands every subscriber of a work list
 * the same change object, and a thousand subscribers otherwise execute the same selection a thousand times.
 *
 * Subscriptions share a result when they have the same event object and the same sharing key: the operation's
 * text and name, the variables (canonical JSON) and the principal's roles. Nothing a subscription payload
 * reaches reads more of the context than the roles (field resolvers run without the role guard, and read the
 * event itself or the read model), so two subscriptions with the same key get the same result; the result is
 * computed with the context of the first of them to reach the event. A result with errors is shared like any
 * other: it would have been the same for each. Subscribing (the subscription field's resolver, its guard, its
 * errors) stays per subscription, so does everything after the result: each subscription's own stream, buffer,
 * close and end.
 *
 * An event that is not an object (nothing to key it by) is executed per subscription, as graphql-js does.
 */
export class SharedExecution {
  /** The printed text of each parsed document (graphql-ws parses each subscription's own copy). */
  private readonly texts = new WeakMap<DocumentNode, string>();
  /** Per event, its result under each sharing key; dropped with the event once no subscription holds it. */
  private readonly results = new WeakMap<object, Map<string, Result>>();
  private executed = 0;

  /** How many times an event was executed (for tests and metrics). */
  get executions(): number {
    return this.executed;
  }

  /** A drop-in for graphql-js's `subscribe` (graphql-ws's `subscribe` option). */
  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const key = this.sharingKey(args);
    return mapped(stream, (event) => this.resultOf(event, key, args));
  };

  private resultOf(event: unknown, key: string, args: ExecutionArgs): Result {
    if (typeof event !== 'object' || event === null) return this.execute(event, args);
    let byKey = this.results.get(event);
    if (!byKey) {
      byKey = new Map();
      this.results.set(event, byKey);
    }
    let result = byKey.get(key);
    if (result === undefined) {
      result = this.execute(event, args);
      byKey.set(key, result);
    }
    return result;
  }

  private execute(event: unknown, args: ExecutionArgs): Result {
    this.executed += 1;
    return execute({ ...args, rootValue: event });
  }

  private sharingKey(args: ExecutionArgs): string {
    let text = this.texts.get(args.document);
    if (text === undefined) {
      text = print(args.document);
      this.texts.set(args.document, text);
    }
    const roles = [...((args.contextValue as { principal?: Principal } | undefined)?.principal?.roles ?? [])].sort();
    return JSON.stringify([text, args.operationName ?? null, canonicalize(args.variableValues ?? {}) ?? null, roles]);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * The source's events mapped through `map`, as graphql-js maps a subscription's source stream: return() and
 * throw() go straight to the source (whose return ends a live feed at once), and a failing map returns the
 * source before the error is passed on.
 */
function mapped(source: AsyncIterable<unknown>, map: (event: unknown) => Result): AsyncGenerator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async () => {
    try {
      await iterator.return?.();
    } catch {
      // The mapping's own error is the one to report.
    }
  };
  const step = async (next: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (next.done) return { done: true, value: undefined };
    try {
      return { done: false, value: await map(next.value) };
    } catch (err) {
      await close();
      throw err;
    }
  };
  const generator: AsyncGenerator<ExecutionResult> = {
    next: async () => step(await iterator.next()),
    return: async () => {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    throw: async (err: unknown) => {
      if (iterator.throw) return step(await iterator.throw(err));
      await close();
      throw err;
    },
    [Symbol.asyncIterator]: () => generator,
    [Symbol.asyncDispose]: async () => {
      await generator.return(undefined);
    },
  };
  return generator;
}
