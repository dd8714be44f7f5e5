import { randomUUID } from 'node:crypto';
import { status, type sendUnaryData, type ServerInterceptor, type ServerUnaryCall } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { UUID, type Empty } from '@eventstore/db-client/generated/shared_pb';
import { callGate, type Refusal } from './security';

/**
 * One node's view of its cluster, as the double's server needs it: who is the leader (for NotLeader), and the
 * member list its Gossip service answers.
 */
export interface EsdbDoubleClusterMember {
  /** Where the leader is, or null while there is none (an election under way). */
  leader(): { readonly host: string; readonly port: number } | null;
  isLeader(): boolean;
  /** The members as gossip reports them now. */
  members(): readonly GossipMember[];
  /** Told of every call this node gets (gRPC method path) and how it answered, for tests to count. */
  observe?(path: string, answer: 'served' | 'not-leader' | 'not-ready'): void;
}

export interface GossipMember {
  readonly instanceId: string;
  readonly state: 'leader' | 'follower' | 'shutdown';
  readonly isAlive: boolean;
  readonly host: string;
  readonly port: number;
}

const VNODE_STATE: Record<GossipMember['state'], MemberInfo.VNodeState> = {
  leader: MemberInfo.VNodeState.LEADER,
  follower: MemberInfo.VNodeState.FOLLOWER,
  shutdown: MemberInfo.VNodeState.SHUTDOWN,
};

/**
 * `Gossip.Read` as a node answers it (`Services/Transport/Grpc/Gossip.Read.cs`, `ToGrpcClusterInfo`): every member
 * with its instance id, time stamp, state, whether it is alive, and its HTTP (gRPC) endpoint. A dead member stays
 * in the list with `is_alive = false`; the client skips it (`discovery.js`, `isInAllowedState`).
 */
export function gossipService(member: EsdbDoubleClusterMember) {
  return {
    service: GossipService,
    handlers: {
      read: (_call: ServerUnaryCall<Empty, ClusterInfo>, callback: sendUnaryData<ClusterInfo>) => {
        const info = new ClusterInfo();
        info.setMembersList(
          member.members().map((m) => {
            const endpoint = new EndPoint();
            endpoint.setAddress(m.host);
            endpoint.setPort(m.port);
            const id = new UUID();
            id.setString(m.instanceId);
            const out = new MemberInfo();
            out.setInstanceId(id);
            out.setTimeStamp(String(Date.now() * 10_000));
            out.setState(VNODE_STATE[m.state]);
            out.setIsAlive(m.isAlive);
            out.setHttpEndPoint(endpoint);
            return out;
          }),
        );
        callback(null, info);
      },
    },
  };
}

/**
 * A follower's answer to a call that carries `requires-leader: true` (`ServiceBase.GetRequiresLeader`; the
 * client sets it per call): NotLeader with the leader's endpoint — status NOT_FOUND "Leader info available" and
 * the trailers `exception: not-leader`, `leader-endpoint-host`, `leader-endpoint-port`
 * (`RpcExceptions.LeaderInfo`, from `ClusterVNodeController.DenyRequestBecauseNotLeader`) — or, with no leader
 * known, UNAVAILABLE "Server Is Not Ready" (`DenyRequestBecauseNotReady`, `RpcExceptions.ServerNotReady`).
 * Without the header a follower serves reads itself and forwards writes to the leader
 * (`HandleAsNonLeader(ClientMessage.WriteEvents)` → `ForwardRequest`); the double's nodes share one log, which
 * is what a forwarded and replicated write amounts to.
 */
export function leaderInterceptor(member: EsdbDoubleClusterMember): ServerInterceptor {
  return callGate((path, metadata): Refusal | null => {
    const requiresLeader = metadata.get('requires-leader')[0]?.toString() === 'true';
    if (!requiresLeader || member.isLeader()) {
      member.observe?.(path, 'served');
      return null;
    }
    const leader = member.leader();
    member.observe?.(path, leader ? 'not-leader' : 'not-ready');
    if (!leader) return { code: status.UNAVAILABLE, details: 'Server Is Not Ready', trailers: {} };
    return {
      code: status.NOT_FOUND,
      details: 'Leader info available',
      trailers: { exception: 'not-leader', 'leader-endpoint-host': leader.host, 'leader-endpoint-port': String(leader.port) },
    };
  });
}

export const newInstanceId = (): string => randomUUID();
