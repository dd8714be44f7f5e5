import type { EsdbDoubleClusterMember, GossipMember } from './cluster';
import { newInstanceId } from './cluster';
import { EsdbDoubleLog } from './log';
import { doubleUrl, type EsdbDoubleSecurity } from './security';
import { startEsdbDouble, type EsdbDouble } from './server';

export interface EsdbClusterOptions {
  /** Nodes in the cluster; 3 by default (the smallest that survives losing one). */
  readonly size?: number;
  readonly security?: EsdbDoubleSecurity;
  /** How long the cluster has no leader after the leader dies, before a follower takes over (ms, default 300). */
  readonly electionMs?: number;
}

export interface EsdbCluster {
  /** `esdb://h:p1,h:p2,h:p3?…`: the client gossips with these seeds and picks a node by its nodePreference. */
  readonly url: string;
  /** `esdb+discover://h:pN?…` through one seed (a DNS name with the nodes' addresses, in production). */
  discoverUrl(seed?: number): string;
  readonly nodes: readonly EsdbDouble[];
  /** Per node, the calls it answered by gRPC method path and answer (`served`, `not-leader`, `not-ready`). */
  readonly calls: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Index of the leader, or null during an election. */
  leaderIndex(): number | null;
  /** Kills the leader as a crash does; after `electionMs` the first live follower becomes leader. Resolves once elected. */
  killLeader(): Promise<{ readonly killed: number; readonly elected: number }>;
  stop(): Promise<void>;
}

/**
 * A three-node EventStoreDB cluster of doubles: one shared log (what the quorum-replicated log is to a client),
 * one leader, followers that answer `requires-leader` calls with NotLeader and the leader's address, and Gossip on
 * every node. Killing the leader drops its connections; the others report it dead (`is_alive = false`), answer
 * "Server Is Not Ready" until the election, then name the new leader.
 */
export async function startEsdbCluster(options: EsdbClusterOptions = {}): Promise<EsdbCluster> {
  const size = options.size ?? 3;
  const electionMs = options.electionMs ?? 300;
  const host = '127.0.0.1';
  const data = new EsdbDoubleLog();
  const state: Array<{ id: string; port: number; alive: boolean }> = [];
  let leader: number | null = 0;
  const calls = Array.from({ length: size }, () => new Map<string, number>());

  const memberView = (index: number): EsdbDoubleClusterMember => ({
    leader: () => (leader === null ? null : { host, port: state[leader]!.port }),
    isLeader: () => leader === index,
    members: (): GossipMember[] =>
      state.map((n, i) => ({
        instanceId: n.id,
        state: !n.alive ? 'shutdown' : i === leader ? 'leader' : 'follower',
        isAlive: n.alive,
        host,
        port: n.port,
      })),
    observe: (path, answer) => {
      const key = `${answer} ${path}`;
      calls[index]!.set(key, (calls[index]!.get(key) ?? 0) + 1);
    },
  });

  const nodes: EsdbDouble[] = [];
  for (let i = 0; i < size; i++) {
    state.push({ id: newInstanceId(), port: 0, alive: true });
    const node = await startEsdbDouble({ data, host, security: options.security, cluster: memberView(i) });
    state[i]!.port = node.port;
    nodes.push(node);
  }
  const endpoints = state.map((n) => ({ host, port: n.port }));

  return {
    url: doubleUrl(endpoints, options.security),
    discoverUrl(seed = 0) {
      return doubleUrl([endpoints[seed]!], options.security).replace(/^esdb:/, 'esdb+discover:');
    },
    nodes,
    calls,
    leaderIndex: () => leader,
    async killLeader() {
      if (leader === null) throw new Error('no leader to kill: an election is under way');
      const killed = leader;
      leader = null;
      state[killed]!.alive = false;
      await nodes[killed]!.stop();
      await new Promise((resolve) => setTimeout(resolve, electionMs));
      const elected = state.findIndex((n) => n.alive);
      if (elected < 0) throw new Error('no live node left to elect');
      leader = elected;
      // The new leader writes its epoch record and starts with an empty idempotency cache, as a node does.
      data.serve();
      return { killed, elected };
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
