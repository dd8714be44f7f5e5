import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { AuditLogService, AuditProofError, eventLeafDocument } from '@pfw/audit';
import { Role, Roles } from '@pfw/auth';
import { contractStreamId } from '@pfw/domain';
import { EventSerializer } from '@pfw/event-serialization';
import type { RecordedEvent } from '@pfw/event-store';
import { contractViewFromLog, EventLogReader } from '@pfw/read-models';
import { apiError } from '../errors/api-error';
import { AUDIT_LOG_SCAN_LIMIT } from '../limits/query-limits';
import { decodeCursor, encodeCursor, pageSize } from '../pagination/connection';
import { presentAuditEvent } from '../presenters/audit-event.presenter';
import { presentContract, PresentedContract } from '../presenters/contract.presenter';
import { AuditCheckpoint, AuditEvent, AuditEventConnection, AuditLogFilter, AuditProof } from '../schema/audit.types';
import { Contract } from '../schema/contract.types';

/** How many events one auditLog page may scan looking for matches of the envelope filters (the query cost counts it). */
const SCAN_LIMIT = AUDIT_LOG_SCAN_LIMIT;

const isPosition = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v);

/** The auditors' queries: a contract's whole history, the filtered global log, a contract as of an instant, signed tree heads. */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly log: EventLogReader,
    private readonly serializer: EventSerializer,
    private readonly audit: AuditLogService,
  ) {}

  @Query(() => [AuditEvent], { description: 'Every event of the contract, oldest first.' })
  async auditTrail(@Args('contractId', { type: () => ID }) contractId: string): Promise<AuditEvent[]> {
    const recorded = await this.readStream(contractStreamId(contractId));
    return Promise.all(recorded.map((r) => this.toAuditEvent(r)));
  }

  @Query(() => AuditEventConnection, { description: 'The global log, filtered, in log order; `from`/`to` bound occurredAt.' })
  async auditLog(
    @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter?: AuditLogFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditEventConnection> {
    const limit = pageSize(first);
    const afterPosition = after ? BigInt(decodeCursor(after, isPosition)) : null;
    const from = filter?.from?.getTime() ?? -Infinity;
    const to = filter?.to?.getTime() ?? Infinity;
    const source = filter?.streamId
      ? (await this.readStream(filter.streamId, false)).filter((r) => afterPosition === null || r.position > afterPosition)
      : this.log.log({ after: afterPosition, eventTypes: filter?.eventTypes });
    const rows: AuditEvent[] = [];
    let scanned = 0;
    let more = false;
    for await (const r of source as AsyncIterable<RecordedEvent> | RecordedEvent[]) {
      if (++scanned > SCAN_LIMIT) {
        more = true;
        break;
      }
      if (filter?.eventTypes?.length && !filter.eventTypes.includes(r.type)) continue;
      const event = await this.toAuditEvent(r);
      const at = event.occurredAt.getTime();
      if (at < from || at > to) continue;
      if (filter?.actorId && event.actor.id !== filter.actorId) continue;
      if (rows.length === limit) {
        more = true;
        break;
      }
      rows.push(event);
    }
    return {
      edges: rows.map((node) => ({ cursor: encodeCursor(node.position), node })),
      pageInfo: { hasNextPage: more, endCursor: rows.length ? encodeCursor(rows[rows.length - 1]!.position) : (after ?? null) },
      // The count of matches would need a full scan of the log; a page reports what it holds.
      totalCount: rows.length,
    };
  }

  @Query(() => Contract, { nullable: true, description: 'The contract rebuilt by folding its events that occurred up to `at`.' })
  async contractAsOf(@Args('id', { type: () => ID }) id: string, @Args('at', { type: () => Date }) at: Date): Promise<PresentedContract | null> {
    // Once shredded, the personal fields are null at every instant, and the contract says so.
    const view = await contractViewFromLog(this.log, this.serializer, id, { asOf: at });
    return view ? presentContract(view, at) : null;
  }

  @Query(() => AuditCheckpoint, { description: 'A signed tree head: fresh if the log grew since the last one.' })
  async auditCheckpoint(): Promise<AuditCheckpoint> {
    return this.audit.checkpoint();
  }

  // Not an API.md operation (OPERATION_ROLES does not list it): the same roles as auditCheckpoint.
  @Query(() => AuditProof, { nullable: true, description: 'One event with its leaf entry and its inclusion proof against the latest signed tree head; null for an unknown event.' })
  @Roles(Role.AUDITOR, Role.ADMIN)
  async auditProof(@Args('eventId', { type: () => ID }) eventId: string): Promise<AuditProof | null> {
    let proof;
    try {
      proof = await this.audit.inclusionProof(eventId);
    } catch (err) {
      if (err instanceof AuditProofError) throw apiError('NOT_FOUND', err.message, { field: 'eventId' });
      throw err;
    }
    if (!proof) return null;
    const stored = await this.log.at(proof.position);
    if (!stored || stored.id !== proof.eventId) return null;
    const { treeHead } = proof;
    return {
      eventId: proof.eventId,
      position: proof.position.toString(),
      leafIndex: proof.leafIndex,
      leafHash: proof.leafHash,
      entry: eventLeafDocument(stored),
      proof: [...proof.proof],
      treeHead: { treeSize: treeHead.treeSize, rootHash: treeHead.rootHash, timestamp: String(treeHead.timestamp), signature: treeHead.signature, publicKey: treeHead.publicKey },
    };
  }

  private async readStream(streamId: string, mustExist = true): Promise<RecordedEvent[]> {
    const events = await this.log.stream(streamId);
    if (events === null && mustExist) throw apiError('NOT_FOUND', `no events in stream ${streamId}`);
    return events ?? [];
  }

  private toAuditEvent(r: RecordedEvent): Promise<AuditEvent> {
    return presentAuditEvent(this.serializer, r);
  }

}
