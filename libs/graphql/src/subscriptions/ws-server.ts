import { Logger } from '@nestjs/common';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Context as WsContext, ServerOptions, SubscribePayload } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { actingRole, AuthenticationError, bearerToken, KeySetUnavailableError, rolesFor, type Principal, type TokenVerifier } from '@pfw/auth';
import { DEFAULT_QUERY_LIMITS, isTokenLimitMessage, operationOverLimits, type QueryLimits } from '../limits/query-limits';
import { SharedExecution } from './shared-execution';

/** Close codes of a live connection (API.md "Live updates"; 4400–4499 as graphql-ws uses them). */
export const WS_CLOSE = Object.freeze({
  /** No token, a bad one, or one that expired while connected. */
  UNAUTHORIZED: 4401,
  /** A role that may not subscribe to what it asked for. */
  FORBIDDEN: 4403,
  /** More updates waited for the subscriber than its buffer holds. */
  TOO_SLOW: 4429,
  /** The identity provider's key set cannot be fetched right now (RFC 6455 "Try Again Later"). */
  TRY_AGAIN_LATER: 1013,
});

/** What a subscription resolver finds in its context besides the principal. */
export interface LiveConnection {
  /** Closes the whole connection (every subscription on it) with a code and a reason for the client. */
  close(code: number, reason: string): void;
}

/** The GraphQL context of an operation over graphql-ws: shaped like an HTTP one (`req.principal`) for the guard. */
export interface WsApiContext {
  readonly req: { readonly principal: Principal; readonly headers: Record<string, never> };
  readonly principal: Principal;
  readonly connection: LiveConnection;
}

interface ConnectionState {
  principal: Principal;
  expiry: NodeJS.Timeout | null;
}

/** The part of the `ws` socket (graphql-ws/use/ws puts it in `extra`) this uses. */
interface ClosableSocket {
  close(code: number, reason: string): void;
}
type Ctx = WsContext<Record<string, unknown> | undefined, unknown>;

function socketOf(ctx: Ctx): ClosableSocket {
  return (ctx.extra as { readonly socket: ClosableSocket }).socket;
}

/** Longest a WebSocket close reason may be (RFC 6455: 123 bytes of UTF-8). */
function reason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : Buffer.from(text).subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…';
}

/** True when the first argument of a context function is a graphql-ws connection context. */
export function isWsContext(value: unknown): value is Ctx {
  return typeof value === 'object' && value !== null && 'extra' in value && 'subscriptions' in value && 'acknowledged' in value;
}

/** A TOO_COMPLEX refusal as graphql-ws sends it: the code only (the HTTP status of the plugin's error means nothing here). */
function tooComplexOverWs(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TOO_COMPLEX' } });
}

/**
 * graphql-ws on `/graphql` (`graphql-transport-ws`): the token is verified from `connectionParams.authorization`
 * when the connection opens (none or bad: close 4401), the connection closes with 4401 when the token expires,
 * and a subscription the principal's roles may not take closes it with 4403. Every operation sent over a
 * connection is held to the same token, alias, root-field, depth and cost limits as over HTTP (TOO_COMPLEX
 * before anything runs): graphql-ws parses, validates and executes on its own, outside Apollo's plugins.
 */
export class LiveConnections {
  private readonly logger = new Logger('Subscriptions');
  private readonly states = new WeakMap<object, ConnectionState>();
  private schema: GraphQLSchema | null = null;
  /** Subscriptions' events executed once for all subscribers who would get the same result. */
  readonly execution = new SharedExecution();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  ) {}

  /** The schema operations are measured against (the one the driver built; handed over through its transformSchema). */
  useSchema(schema: GraphQLSchema): GraphQLSchema {
    this.schema = schema;
    return schema;
  }

  /**
   * The options for the driver's `subscriptions['graphql-ws']`. The driver spreads them over its own schema,
   * context, execute and subscribe, so `subscribe` here replaces graphql-js's.
   */
  serverOptions(path: string): Partial<ServerOptions<Record<string, unknown> | undefined, unknown>> & { path: string } {
    return {
      path,
      subscribe: this.execution.subscribe,
      onConnect: (ctx) => this.onConnect(ctx),
      onSubscribe: (ctx, _id, payload) => this.onSubscribe(ctx, payload),
      onClose: (ctx) => this.onClose(ctx),
    };
  }

  /** The GraphQL context for an operation on this connection. */
  context(ctx: Ctx): WsApiContext {
    const state = this.states.get(ctx);
    if (!state) throw new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
    const socket = socketOf(ctx);
    return {
      req: { principal: state.principal, headers: {} },
      principal: state.principal,
      connection: { close: (code, text) => socket.close(code, reason(text)) },
    };
  }

  private async onConnect(ctx: Ctx): Promise<boolean> {
    const socket = socketOf(ctx);
    const params = ctx.connectionParams ?? {};
    const header = params.authorization ?? params.Authorization;
    let principal: Principal;
    let token: string;
    try {
      token = bearerToken(typeof header === 'string' ? header : undefined);
      principal = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof KeySetUnavailableError) {
        socket.close(WS_CLOSE.TRY_AGAIN_LATER, 'cannot verify token right now');
      } else {
        socket.close(WS_CLOSE.UNAUTHORIZED, reason(`Unauthorized: ${err instanceof AuthenticationError ? err.message : 'invalid token'}`));
      }
      return false;
    }
    const state: ConnectionState = { principal, expiry: null };
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      // setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer token is checked again then.
      const arm = () => {
        const left = exp * 1000 - Date.now();
        state.expiry = setTimeout(left > 2 ** 31 - 1 ? arm : () => socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: token expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
        state.expiry.unref();
      };
      arm();
    }
    this.states.set(ctx, state);
    return true;
  }

  private onSubscribe(ctx: Ctx, payload: SubscribePayload): readonly GraphQLError[] | void {
    const state = this.states.get(ctx);
    if (!state) return;
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: this.limits.maxTokens });
    } catch (err) {
      if (err instanceof GraphQLError && isTokenLimitMessage(err.message)) return [tooComplexOverWs(`the document has more than ${this.limits.maxTokens} tokens`)];
      return; // graphql-ws answers the syntax error itself.
    }
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (payload.operationName == null || d.name?.value === payload.operationName),
    );
    if (!operation) return;
    // Without the schema nothing can be measured, so nothing runs (the driver hands it over before it listens).
    if (!this.schema) return [new GraphQLError('the service is starting; try again', { extensions: { code: 'UNAVAILABLE' } })];
    const refusal = operationOverLimits(this.schema, document, operation, payload.variables ?? {}, this.limits);
    if (refusal) {
      this.logger.warn(`${state.principal.id}: ${operation.operation} refused over graphql-ws: ${refusal.message}`);
      return [tooComplexOverWs(refusal.message)];
    }
    if (operation.operation !== 'subscription') return;
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
      const allowed = rolesFor('subscription', selection.name.value);
      // A field the schema does not have is left to validation; one it has must admit a role of the caller.
      if (allowed !== null && actingRole(state.principal, allowed) === null) {
        this.logger.warn(`${state.principal.id} may not subscribe to ${selection.name.value}: closing 4403`);
        socketOf(ctx).close(WS_CLOSE.FORBIDDEN, reason(`Forbidden: your role may not subscribe to ${selection.name.value}`));
        return [new GraphQLError(`your role may not subscribe to ${selection.name.value}`, { extensions: { code: 'FORBIDDEN' } })];
      }
    }
  }

  private onClose(ctx: Ctx): void {
    const state = this.states.get(ctx);
    if (state?.expiry) clearTimeout(state.expiry);
    this.states.delete(ctx);
  }
}
