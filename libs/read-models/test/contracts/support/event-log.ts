import { randomUUID } from 'node:crypto';
import {
  contractDecider, contractStreamId, DEFAULT_POLICY, SERVICE_STREAM_ID, serviceDecider,
  type ContractCommand, type ContractEvent, type ContractState, type DomainEvent, type EventEnvelope, type ServiceCommand,
  type ServiceState,
} from '@pfw/domain';
import type { EventStore, ExpectedRevision, RecordedEvent } from '@pfw/event-store';
import { EventSerializer } from '@pfw/event-serialization';
import type { DecodedContractEvent, ViewEventMeta } from '@pfw/read-models';

/**
 * Writes real events to a real event store the way the command handlers do: decide with the domain's
 * deciders, wrap each event in an envelope, encode with THE serializer, append at the expected revision.
 */
export class EventLog {
  private readonly contracts = new Map<string, { state: ContractState; revision: ExpectedRevision }>();
  private service: { state: ServiceState; revision: ExpectedRevision } = { state: serviceDecider(DEFAULT_POLICY).initialState, revision: 'no_stream' };

  constructor(
    readonly store: EventStore,
    readonly serializer = new EventSerializer(),
  ) {}

  /** Runs the commands against the contract's stream (every one must be accepted); answers the last position. */
  async contract(commands: readonly ContractCommand[]): Promise<bigint> {
    let position = 0n;
    for (const command of commands) {
      const streamId = contractStreamId(command.contractId);
      const current = this.contracts.get(command.contractId) ?? { state: contractDecider().initialState, revision: 'no_stream' as ExpectedRevision };
      const decision = contractDecider(DEFAULT_POLICY).decide(command, current.state);
      if (!decision.ok) throw new Error(`${command.type} on ${command.contractId} refused: ${decision.error.message}`);
      const appended = await this.append(streamId, decision.events, command.type, command.actor, command.at, current.revision);
      this.contracts.set(command.contractId, {
        state: decision.events.reduce<ContractState>((s, e) => contractDecider().evolve(s, e as ContractEvent), current.state),
        revision: appended.nextExpectedRevision,
      });
      position = appended.position;
    }
    return position;
  }

  async serviceCommands(commands: readonly ServiceCommand[]): Promise<bigint> {
    let position = 0n;
    for (const command of commands) {
      const decision = serviceDecider(DEFAULT_POLICY).decide(command, this.service.state);
      if (!decision.ok) throw new Error(`${command.type} refused: ${decision.error.message}`);
      const appended = await this.append(SERVICE_STREAM_ID, decision.events, command.type, command.actor, command.at, this.service.revision);
      this.service = { state: decision.events.reduce((s, e) => serviceDecider().evolve(s, e), this.service.state), revision: appended.nextExpectedRevision };
      position = appended.position;
    }
    return position;
  }

  /** The stored events of one contract, decoded, with the meta the reducer takes. */
  async decodedContract(contractId: string): Promise<Array<DecodedContractEvent & { meta: ViewEventMeta }>> {
    const recorded: RecordedEvent[] = await this.store.readStream(contractStreamId(contractId));
    const out = [];
    for (const r of recorded) {
      const { event, envelope } = await this.serializer.decode(r);
      out.push({ event: event as ContractEvent, envelope, meta: { revision: r.revision, position: r.position } });
    }
    return out;
  }

  private async append(streamId: string, events: readonly DomainEvent[], commandName: string, actor: EventEnvelope['actor'], at: Date, expected: ExpectedRevision) {
    const correlationId = randomUUID();
    const data = [];
    for (const event of events) {
      const envelope: EventEnvelope = {
        eventId: randomUUID(), actor, correlationId, causationId: null, commandName, occurredAt: at, termsVersion: DEFAULT_POLICY.initialTermsVersion,
      };
      data.push({ id: envelope.eventId, ...(await this.serializer.encode(event, envelope)) });
    }
    return this.store.append(streamId, data, expected);
  }
}
