import { SERVICE_EVENT_TYPES, SERVICE_STREAM_ID, type ContractEvent, type EventEnvelope, type ServiceEvent } from '@pfw/domain';
import type { DeadlineSpec, Json, Reaction, SagaDefinition, SagaEvent } from '@pfw/sagas';

/** An event and the instant it was recorded at (its envelope's occurredAt). */
export interface TimedEvent {
  /** A contract's event, or the `service` stream's (Art. 6, 13: seen by sagas of scope `service`). */
  readonly event: ContractEvent | ServiceEvent;
  readonly at: Date;
  /** Default: the contract under test. */
  readonly contractId?: string;
}

export const SAGA_CONTRACT_ID = 'c-under-test';

export const on = (at: Date, event: ContractEvent | ServiceEvent, contractId?: string): TimedEvent => ({ event, at, ...(contractId ? { contractId } : {}) });

/** Events recorded one after another at one instant (a command's events share its instant). */
export const allAt = (at: Date, events: readonly ContractEvent[]): TimedEvent[] => events.map((event) => ({ event, at }));

const isServiceEvent = (event: ContractEvent | ServiceEvent): event is ServiceEvent => (SERVICE_EVENT_TYPES as readonly string[]).includes(event.type);

function sagaEvent(e: TimedEvent, position: bigint): SagaEvent {
  // As the subscriber hands them over: a service event names the service stream, not a contract.
  if (isServiceEvent(e.event)) {
    const envelope: EventEnvelope = {
      eventId: `event-${position}`, actor: { id: 'test', role: 'ADMIN' }, correlationId: 'corr', causationId: null, commandName: 'Test', occurredAt: e.at, termsVersion: '1',
    };
    return { event: e.event, envelope, streamId: SERVICE_STREAM_ID, contractId: SERVICE_STREAM_ID, position };
  }
  const contractId = e.contractId ?? SAGA_CONTRACT_ID;
  const envelope: EventEnvelope = {
    eventId: `event-${position}`, actor: { id: 'test', role: 'SYSTEM' }, correlationId: 'corr', causationId: null, commandName: 'Test',
    occurredAt: e.at, termsVersion: '1',
  };
  return { event: e.event, envelope, streamId: `contract-${contractId}`, contractId, position };
}

/** What a reaction schedules, in a form that compares well (payload always present). */
export type Scheduled = { readonly key: string; readonly kind: string; readonly dueAt: Date; readonly payload: object; readonly contractId?: string };

const normalize = (s: DeadlineSpec): Scheduled => ({ key: s.key, kind: s.kind, dueAt: s.dueAt, payload: s.payload ?? {}, ...(s.contractId ? { contractId: s.contractId } : {}) });

interface Then {
  readonly schedule?: readonly Scheduled[];
  readonly cancel?: readonly string[];
}

/**
 * given(saga, history).when(event).then({ schedule, cancel }) for a saga's pure reactor, as the domain's
 * gwt.ts does for deciders. The history is folded through `react` exactly as the subscriber does; `pending`
 * holds the deadlines it left scheduled and not cancelled, so a test can also say what is still due.
 * A reaction that schedules a key already used in the history fails: the store would ignore it
 * (a key is scheduled at most once, ever). The state is one across the events given, as the subscriber keeps a
 * saga of scope `service`; a saga of contracts is given one contract's history (or its state keyed by contract).
 */
export function given<S extends Json>(saga: SagaDefinition<S>, history: readonly TimedEvent[] = []) {
  let position = 0n;
  let state = saga.initialState;
  const used = new Set<string>();
  const pending = new Map<string, Scheduled>();
  const apply = (e: TimedEvent): Reaction<S> => {
    position += 1n;
    const se = sagaEvent(e, position);
    const reaction = saga.handles.includes(e.event.type) ? saga.react(state, se) : { state };
    state = reaction.state;
    const contractId = se.contractId;
    for (const key of reaction.cancel ?? []) pending.delete(`${contractId}/${key}`);
    for (const spec of reaction.schedule ?? []) {
      const id = `${spec.contractId ?? contractId}/${spec.key}`;
      if (used.has(id)) throw new Error(`${saga.name} scheduled ${id} a second time (after ${e.event.type}); the store would ignore it`);
      used.add(id);
      pending.set(id, normalize(spec));
    }
    return reaction;
  };
  for (const e of history) apply(e);
  return {
    get state(): S {
      return state;
    },
    /** Deadline ids (`<contract>/<key>`) scheduled by the history and not cancelled. */
    pendingKeys(): string[] {
      return [...pending.keys()].map((id) => id.slice(id.indexOf('/') + 1));
    },
    when(event: TimedEvent) {
      const reaction = apply(event);
      const schedule = (reaction.schedule ?? []).map(normalize);
      const cancel = [...(reaction.cancel ?? [])];
      return {
        reaction,
        schedule,
        /** Exactly these deadlines scheduled and these keys cancelled (each defaults to none). */
        then(expected: Then): S {
          expect(schedule).toEqual(expected.schedule ?? []);
          expect([...cancel].sort()).toEqual([...(expected.cancel ?? [])].sort());
          return reaction.state;
        },
        /** The kinds and keys scheduled, in order (when due times and payloads are checked elsewhere). */
        thenSchedulesKeys(keys: readonly string[]): S {
          expect(schedule.map((s) => s.key)).toEqual(keys);
          return reaction.state;
        },
        thenNothing(): S {
          expect({ schedule, cancel }).toEqual({ schedule: [], cancel: [] });
          return reaction.state;
        },
      };
    },
  };
}
