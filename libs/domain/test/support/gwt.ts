import type { Article, ContractCommand, ContractEvent, ContractState, DomainError, DomainPolicy, ServiceCommand, ServiceEvent } from '@pfw/domain';
import { contractDecider, DEFAULT_POLICY, serviceDecider } from '@pfw/domain';

/** The same shape with branded strings (JapanDate, Fqdn, …) loosened to string, so tests can write literals. */
export type Loose<T> = T extends string ? string : T extends Date ? Date : T extends readonly (infer U)[] ? readonly Loose<U>[] : T extends object ? { readonly [K in keyof T]: Loose<T[K]> } : T;

type ErrorExpectation =
  | { code: 'RULE_VIOLATION'; article: Article; message?: RegExp }
  | { code: 'BAD_USER_INPUT'; field: string; message?: RegExp }
  | { code: 'NOT_FOUND'; message?: RegExp };

function checkError(error: DomainError, expected: ErrorExpectation): void {
  expect(error.code).toBe(expected.code);
  if (expected.code === 'RULE_VIOLATION') expect(error).toMatchObject({ article: expected.article });
  if (expected.code === 'BAD_USER_INPUT') expect(error).toMatchObject({ field: expected.field });
  if (expected.message) expect(error.message).toMatch(expected.message);
}

/**
 * given(events).when(command).then(expected events) / .thenRefused(error) for the contract decider.
 * `then` also folds the new events, so every accepted decision is proved to evolve.
 */
export function given(events: readonly ContractEvent[], policy: DomainPolicy = DEFAULT_POLICY) {
  const decider = contractDecider(policy);
  const state: ContractState = events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when(command: ContractCommand) {
      const decision = decider.decide(command, state);
      return {
        decision,
        /** Exactly these events. */
        then(expected: readonly Loose<ContractEvent>[]): ContractState {
          if (!decision.ok) throw new Error(`expected events, got ${decision.error.name}: ${decision.error.message}`);
          expect(decision.events).toEqual(expected);
          return decision.events.reduce(decider.evolve, state);
        },
        /** Events of these types, in order (payload checked by the caller on the returned list). */
        thenTypes(types: readonly ContractEvent['type'][]): { events: readonly ContractEvent[]; state: ContractState } {
          if (!decision.ok) throw new Error(`expected events, got ${decision.error.name}: ${decision.error.message}`);
          expect(decision.events.map((e) => e.type)).toEqual(types);
          return { events: decision.events, state: decision.events.reduce(decider.evolve, state) };
        },
        thenRefused(expected: ErrorExpectation): DomainError {
          if (decision.ok) throw new Error(`expected a refusal, got ${decision.events.map((e) => e.type).join(', ') || 'no events'}`);
          checkError(decision.error, expected);
          return decision.error;
        },
      };
    },
  };
}

export function givenService(events: readonly ServiceEvent[], policy: DomainPolicy = DEFAULT_POLICY) {
  const decider = serviceDecider(policy);
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when(command: ServiceCommand) {
      const decision = decider.decide(command, state);
      return {
        then(expected: readonly Loose<ServiceEvent>[]) {
          if (!decision.ok) throw new Error(`expected events, got ${decision.error.name}: ${decision.error.message}`);
          expect(decision.events).toEqual(expected);
          return decision.events.reduce(decider.evolve, state);
        },
        thenRefused(expected: ErrorExpectation): DomainError {
          if (decision.ok) throw new Error(`expected a refusal, got ${decision.events.map((e) => e.type).join(', ')}`);
          checkError(decision.error, expected);
          return decision.error;
        },
      };
    },
  };
}
