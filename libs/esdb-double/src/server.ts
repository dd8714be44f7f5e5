import { createServer, type Socket } from 'node:net';
import { Server, status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { gossipService, leaderInterceptor, type EsdbDoubleClusterMember } from './cluster';
import { EsdbDoubleLog } from './log';
import { authenticationInterceptor, doubleUrl, serverCredentialsFor, type EsdbDoubleSecurity } from './security';
import { handleRead, readContext, type ReadContext } from './streams-read';
import { handleAppend, handleBatchAppend, handleDelete } from './streams-write';
import { RpcError, asServiceError, consumerTooSlow } from './wire';

/**
 * A wire-level EventStoreDB double: an in-process gRPC server built from the client's own compiled service
 * definitions, answering the `Streams` service (Read, Append, BatchAppend, Delete, Tombstone) and
 * `ServerFeatures` the way an EventStoreDB 24.10 node does for @eventstore/db-client 6.x. Services it does not
 * serve (Gossip, Persistent subscriptions, Projections, Users, Operations, Monitoring) answer UNIMPLEMENTED and
 * are not advertised.
 *
 * Test support only: nothing in production imports it.
 */
export interface EsdbDoubleOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The log to serve: pass a stopped double's `data` to restart it with the same events. */
  readonly data?: EsdbDoubleLog;
  /** Interface to listen on; loopback only by default. */
  readonly host?: string;
  /**
   * Refuse reads and catch-up subscriptions of `$all` from a position where no record starts, as a server does
   * ("Trying to read from an invalid position."). Default true; false accepts any position (the first event at
   * or after it), for code that has not yet learnt that positions are opaque.
   */
  readonly strictPositions?: boolean;
  /** The version ServerFeatures reports. Default `24.10.4`. */
  readonly serverVersion?: string;
  /** Serve TLS with this CA-signed certificate and require its users' credentials (`createEsdbDoubleSecurity`). */
  readonly security?: EsdbDoubleSecurity;
  /** This node's place in a cluster (`startEsdbCluster`): serves Gossip and answers NotLeader as a follower. */
  readonly cluster?: EsdbDoubleClusterMember;
}

export interface EsdbDoubleStats {
  /** BatchAppend streams the clients opened. */
  readonly batchAppendStreams: number;
  /** Appends that came over BatchAppend (one per `appendToStream` of a 21.10+ client). */
  readonly batchAppends: number;
  /** Appends that came over the older client-streaming Append. */
  readonly appends: number;
}

export interface EsdbDouble {
  /** `esdb://host:port?tls=false`, for EVENT_STORE or the client's connectionString. */
  readonly url: string;
  readonly port: number;
  readonly data: EsdbDoubleLog;
  /** Calls counted since the start. */
  readonly stats: EsdbDoubleStats;
  /**
   * Ends every live subscription as a server ends one whose consumer fell behind: ABORTED, "Consumer too slow
   * to handle event while live. Client resubscription required." Returns how many were dropped.
   */
  dropSlowSubscribers(): number;
  /**
   * Drops every connection at once (as a crashed node does: sockets reset, clients see UNAVAILABLE) and stops
   * listening. `{ graceful: true }` stops as a node told to stop does: open calls end CANCELLED, then GOAWAY.
   */
  stop(options?: { readonly graceful?: boolean }): Promise<void>;
}

/** `HostOptions.ShutdownTimeout` of a node (`src/EventStore.ClusterNode/Program.cs`): in-flight calls get this long. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

/** What a 24.10 node advertises for the methods this double serves (`Services/Transport/Grpc/ServerFeatures.cs`). */
function supportedMethods(version: string): SupportedMethods {
  const method = (service: string, name: string, features: string[] = []) => {
    const m = new SupportedMethod();
    m.setServiceName(service);
    m.setMethodName(name);
    m.setFeaturesList(features);
    return m;
  };
  const streams = 'event_store.client.streams.streams';
  const result = new SupportedMethods();
  result.setEventStoreServerVersion(version);
  result.setMethodsList([
    method(streams, 'read', ['position', 'events']),
    method(streams, 'append'),
    method(streams, 'delete'),
    method(streams, 'tombstone'),
    method(streams, 'batchappend', ['deadline_duration']),
    method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
  ]);
  return result;
}

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = options.data ?? new EsdbDoubleLog();
  log.serve();
  const host = options.host ?? '127.0.0.1';
  const settings = { strictPositions: options.strictPositions ?? true };
  const server = new Server({
    interceptors: [
      ...(options.security ? [authenticationInterceptor(options.security)] : []),
      ...(options.cluster ? [leaderInterceptor(options.cluster)] : []),
    ],
  });
  if (options.cluster) {
    const gossip = gossipService(options.cluster);
    server.addService(gossip.service, gossip.handlers);
  }
  const reads = new Map<AbortController, ReadContext>();
  const stats = { batchAppendStreams: 0, batchAppends: 0, appends: 0 };
  const batchCalls = new Set<Parameters<typeof handleBatchAppend>[1]>();

  server.addService(StreamsService, {
    append: (call: Parameters<typeof handleAppend>[1], callback: Parameters<typeof handleAppend>[2]) => {
      stats.appends += 1;
      handleAppend(log, call, callback);
    },
    batchAppend: (call: Parameters<typeof handleBatchAppend>[1]) => {
      stats.batchAppendStreams += 1;
      batchCalls.add(call);
      call.on('close', () => batchCalls.delete(call));
      call.on('error', () => batchCalls.delete(call));
      handleBatchAppend(log, call, () => (stats.batchAppends += 1));
    },
    delete: (call: Parameters<typeof handleDelete>[2], callback: Parameters<typeof handleDelete>[3]) => handleDelete(log, false, call, callback),
    tombstone: (call: Parameters<typeof handleDelete>[2], callback: Parameters<typeof handleDelete>[3]) => handleDelete(log, true, call, callback),
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      let ctx: ReadContext;
      try {
        ctx = readContext(call, abort.signal);
      } catch (err) {
        // An 'error' event is how a server-streaming call ends with a status (destroy would send none).
        call.emit('error', asServiceError(err));
        return;
      }
      reads.set(abort, ctx);
      handleRead(log, ctx, settings)
        .catch((err: unknown) => {
          if (!abort.signal.aborted) call.emit('error', asServiceError(err));
        })
        .finally(() => reads.delete(abort));
    },
  });
  const version = options.serverVersion ?? '24.10.4';
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => callback(null, supportedMethods(version)),
  });

  // Connections are accepted here and handed to gRPC, so that stopping can cut them the way a crashed node's
  // connections end (reset sockets, no GOAWAY): clients then see UNAVAILABLE, as they would in production.
  const injector = server.createConnectionInjector(serverCredentialsFor(options.security));
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    injector.injectConnection(socket);
  });
  const port = await new Promise<number>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, host, () => {
      listener.off('error', reject);
      resolve((listener.address() as { port: number }).port);
    });
  });

  let stopped = false;
  return {
    url: doubleUrl([{ host, port }], options.security),
    port,
    data: log,
    stats,
    dropSlowSubscribers() {
      let dropped = 0;
      for (const [abort, ctx] of reads) {
        if (!ctx.live) continue;
        abort.abort();
        ctx.call.emit('error', asServiceError(consumerTooSlow()));
        dropped += 1;
      }
      return dropped;
    },
    async stop(how) {
      if (stopped) return;
      stopped = true;
      if (how?.graceful) {
        // Open streams end cancelled, as a stopping server aborts the requests still running.
        const cancelled = () => asServiceError(new RpcError(status.CANCELLED, 'Call cancelled'));
        for (const [abort, ctx] of reads) {
          abort.abort();
          ctx.call.emit('error', cancelled());
        }
        for (const call of batchCalls) call.emit('error', cancelled());
        // Then as Kestrel stops: no new connections, GOAWAY, and the connections are cut only once their calls
        // ended or the host's shutdown timeout passed. Cutting them at once could drop the CANCELLED statuses
        // still queued for the socket (over TLS they usually are), and clients would see UNAVAILABLE instead.
        const listenerClosed = new Promise<void>((resolve) => listener.close(() => resolve()));
        const socketsClosed = [...sockets].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
        server.tryShutdown(() => undefined);
        // Past the timeout the host aborts what is left: reset sockets, UNAVAILABLE for the calls still open.
        const cut = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, SHUTDOWN_TIMEOUT_MS);
        await Promise.all([listenerClosed, ...socketsClosed]);
        clearTimeout(cut);
        server.forceShutdown();
        return;
      }
      for (const abort of reads.keys()) abort.abort();
      const closed = [...sockets].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      for (const socket of sockets) socket.destroy();
      await Promise.all([...closed, new Promise<void>((resolve) => listener.close(() => resolve()))]);
      // Let clients in this process read the reset (one pass of the event loop's poll phase) before anyone
      // starts a server on the same port again, as a real restart would take longer than that.
      for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      injector.destroy();
      server.forceShutdown();
    },
  };
}
