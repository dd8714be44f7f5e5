import { execute, GraphQLBoolean, GraphQLID, GraphQLObjectType, GraphQLSchema, GraphQLString, subscribe } from 'graphql';
import { makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import { mintToken, Role, TokenVerifier, type StaffRole } from '@pfw/auth';
import { endingOnReturn, LiveConnections, WS_CLOSE, type WsApiContext } from '@pfw/graphql';
import { SharedFeed } from '../src/subscriptions/shared-feed';

/**
 * graphql-ws executes a subscription's selection for each event it hands a subscriber. A work list's shared
 * feed hands the same change object to every subscriber, so those with the same operation, variables and roles
 * get it executed once for all of them; the others each get their own result. Driven through graphql-ws's own
 * server with the options the API gives the Apollo driver (spread over graphql-js's execute and subscribe, as
 * Nest does), on in-memory sockets.
 */
describe('graphql-ws subscriptions sharing the execution of one event (live fan-out)', () => {
  const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');

  interface Change {
    readonly contractId: string;
    readonly entered: boolean;
  }

  /** A schema like the API's: a subscription field fed by a SharedFeed, counting how often an event is executed. */
  function harness() {
    let push: (change: Change) => void = () => undefined;
    const feed = new SharedFeed<Change>(async function* (signal) {
      const queue: Change[] = [];
      let wake: (() => void) | null = null;
      push = (change) => {
        queue.push(change);
        wake?.();
      };
      signal.addEventListener('abort', () => wake?.());
      while (!signal.aborted) {
        if (queue.length > 0) yield queue.shift()!;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    });
    const executed = { root: 0 };
    const ChangeType = new GraphQLObjectType<Change & { tag: string | null }, WsApiContext>({
      name: 'Change',
      fields: {
        contractId: { type: GraphQLID },
        entered: { type: GraphQLBoolean },
        tag: { type: GraphQLString },
        seenAs: { type: GraphQLString, resolve: (_change, _args, ctx) => [...ctx.principal.roles].sort().join(',') },
        broken: {
          type: GraphQLString,
          resolve: () => {
            throw new Error('this field fails');
          },
        },
      },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { noop: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          changed: {
            type: ChangeType,
            args: { tag: { type: GraphQLString } },
            subscribe: () => endingOnReturn((signal) => feed.subscribe(signal)),
            resolve: (change: Change, args: { tag?: string | null }) => {
              executed.root += 1;
              return { ...change, tag: args.tag ?? null };
            },
          },
        },
      }),
    });
    const live = new LiveConnections(new TokenVerifier({ kind: 'hs256', secret, origin: 'configured' }));
    live.useSchema(schema);
    // What @nestjs/graphql's GqlSubscriptionService hands graphql-ws: its defaults, then the API's options over them.
    const options = {
      schema,
      execute,
      subscribe,
      context: (ctx: Parameters<LiveConnections['context']>[0]) => live.context(ctx),
      ...live.serverOptions('/graphql'),
    } as ServerOptions<Record<string, unknown> | undefined, unknown>;
    const server = makeServer(options);
    const connections: Array<() => Promise<void>> = [];

    /** A client connection on an in-memory socket: `subscribe` sends a Subscribe and collects what comes back. */
    async function connect(roles: readonly StaffRole[]) {
      let receive: ((data: string) => Promise<void>) | null = null;
      const messages: Array<{ id?: string; type: string; payload?: unknown }> = [];
      const closes: Array<{ code: number; reason: string }> = [];
      let wake: (() => void) | null = null;
      const socket = {
        protocol: 'graphql-transport-ws',
        send: async (data: string) => {
          messages.push(JSON.parse(data));
          wake?.();
        },
        close: (code: number, reason: string) => void closes.push({ code, reason }),
        onMessage: (cb: (data: string) => Promise<void>) => void (receive = cb),
      };
      const closed = server.opened(socket, { socket });
      connections.push(() => closed(1000, 'done'));
      const token = await mintToken(secret, { sub: `staff-${roles.join('-')}`, roles, ttlSeconds: 600 });
      await receive!(JSON.stringify({ type: MessageType.ConnectionInit, payload: { authorization: `Bearer ${token}` } }));
      expect(messages).toEqual([{ type: MessageType.ConnectionAck }]);
      messages.length = 0;
      let ids = 0;
      return {
        closes,
        subscribe(query: string, variables: Record<string, unknown> = {}) {
          const id = String(++ids);
          void receive!(JSON.stringify({ id, type: MessageType.Subscribe, payload: { query, variables } }));
          const mine = () => messages.filter((m) => m.id === id);
          return {
            /** The payloads of the first n Next messages of this subscription, once they arrived. */
            async next(n: number): Promise<unknown[]> {
              while (mine().filter((m) => m.type === MessageType.Next).length < n) await new Promise<void>((resolve) => (wake = resolve));
              return mine()
                .filter((m) => m.type === MessageType.Next)
                .slice(0, n)
                .map((m) => m.payload);
            },
          };
        },
      };
    }

    /** Waits until the shared feed has `n` subscribers (each subscription has reached its source). */
    async function subscribed(n: number): Promise<void> {
      while (feed.size < n) await new Promise((resolve) => setImmediate(resolve));
    }

    return {
      executed,
      live,
      connect,
      subscribed,
      push: (change: Change) => push(change),
      close: () => Promise.all(connections.map((close) => close())),
    };
  }

  it('given 25 subscribers of the same selection, variables and role, when the feed hands them 3 changes, then each change is executed once and every subscriber receives all 3', async () => {
    const h = harness();
    const query = 'subscription($t: String) { changed(tag: $t) { contractId entered tag } }';
    const subscriptions = [];
    for (let i = 0; i < 25; i++) subscriptions.push((await h.connect([Role.SCREENER])).subscribe(query, { t: 'queue' }));
    await h.subscribed(25);

    const changes = [
      { contractId: 'c-1', entered: true },
      { contractId: 'c-2', entered: true },
      { contractId: 'c-1', entered: false },
    ];
    for (const change of changes) h.push(change);

    for (const subscription of subscriptions) {
      expect(await subscription.next(3)).toEqual(changes.map((change) => ({ data: { changed: { ...change, tag: 'queue' } } })));
    }
    expect(h.executed.root).toBe(3);
    expect(h.live.execution.executions).toBe(3);
    await h.close();
  });

  it('given subscribers that differ in selection, variables or roles, when a change comes, then each group gets its own execution and its own result', async () => {
    const h = harness();
    const screener = await h.connect([Role.SCREENER]);
    const admin = await h.connect([Role.ADMIN]);
    const both = await h.connect([Role.ADMIN, Role.SCREENER]);
    const plain = 'subscription($t: String) { changed(tag: $t) { contractId tag } }';
    const subscriptions = {
      plain: screener.subscribe(plain, { t: 'a' }),
      // The same operation (written differently) under another role: not shared with `plain`.
      plainAgain: admin.subscribe('subscription ($t: String) {\n  changed(tag: $t) {\n    contractId\n    tag\n  }\n}', { t: 'a' }),
      otherVariables: screener.subscribe(plain, { t: 'b' }),
      otherSelection: screener.subscribe('subscription($t: String) { changed(tag: $t) { contractId entered } }', { t: 'a' }),
      asScreener: screener.subscribe('subscription { changed { seenAs } }'),
      asAdmin: admin.subscribe('subscription { changed { seenAs } }'),
      asBoth: both.subscribe('subscription { changed { seenAs } }'),
    };
    await h.subscribed(7);

    h.push({ contractId: 'c-9', entered: true });

    expect(await subscriptions.plain.next(1)).toEqual([{ data: { changed: { contractId: 'c-9', tag: 'a' } } }]);
    expect(await subscriptions.otherVariables.next(1)).toEqual([{ data: { changed: { contractId: 'c-9', tag: 'b' } } }]);
    expect(await subscriptions.otherSelection.next(1)).toEqual([{ data: { changed: { contractId: 'c-9', entered: true } } }]);
    expect(await subscriptions.asScreener.next(1)).toEqual([{ data: { changed: { seenAs: 'SCREENER' } } }]);
    expect(await subscriptions.asAdmin.next(1)).toEqual([{ data: { changed: { seenAs: 'ADMIN' } } }]);
    expect(await subscriptions.asBoth.next(1)).toEqual([{ data: { changed: { seenAs: 'ADMIN,SCREENER' } } }]);
    // plainAgain (ADMIN) differs from plain (SCREENER) by role only: its own execution, the same answer.
    expect(await subscriptions.plainAgain.next(1)).toEqual([{ data: { changed: { contractId: 'c-9', tag: 'a' } } }]);
    expect(h.executed.root).toBe(7);
    await h.close();
  });

  it('given two subscribers of the same selection and role, one on a second connection, then the written-differently operation shares and a failing field fails for the subscribers that asked for it only', async () => {
    const h = harness();
    const first = await h.connect([Role.BILLING]);
    const second = await h.connect([Role.BILLING]);
    const plain = first.subscribe('subscription { changed { contractId } }');
    const same = second.subscribe('subscription {\n  changed {\n    contractId\n  }\n}');
    const failing = second.subscribe('subscription { changed { contractId broken } }');
    await h.subscribed(3);

    h.push({ contractId: 'c-3', entered: false });

    expect(await plain.next(1)).toEqual([{ data: { changed: { contractId: 'c-3' } } }]);
    expect(await same.next(1)).toEqual([{ data: { changed: { contractId: 'c-3' } } }]);
    expect(await failing.next(1)).toEqual([
      { data: { changed: { contractId: 'c-3', broken: null } }, errors: [expect.objectContaining({ message: 'this field fails', path: ['changed', 'broken'] })] },
    ]);
    expect(h.executed.root).toBe(2);
    expect(first.closes).toEqual([]);
    expect(second.closes).toEqual([]);
    await h.close();
  });

  it('given two equal changes that are different objects, then each is executed once for both subscribers (shared by the object the feed hands out, not by its content)', async () => {
    const h = harness();
    const connection = await h.connect([Role.OPERATOR]);
    const a = connection.subscribe('subscription { changed { contractId } }');
    const b = connection.subscribe('subscription { changed { contractId } }');
    await h.subscribed(2);
    h.push({ contractId: 'c-1', entered: true });
    h.push({ contractId: 'c-1', entered: true });
    expect(await a.next(2)).toEqual([{ data: { changed: { contractId: 'c-1' } } }, { data: { changed: { contractId: 'c-1' } } }]);
    expect(await b.next(2)).toEqual(await a.next(2));
    expect(h.executed.root).toBe(2);
    await h.close();
  });

  it('keeps the connection-level refusals: a role that may not subscribe still closes with 4403', async () => {
    const h = harness();
    const screener = await h.connect([Role.SCREENER]);
    screener.subscribe('subscription { auditAppended { id } }');
    while (screener.closes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(screener.closes[0]).toMatchObject({ code: WS_CLOSE.FORBIDDEN });
    await h.close();
  });
});
