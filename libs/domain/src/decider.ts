import type { Decision } from './result';

/**
 * The one shape of every aggregate of the domain: the state before the first event, decide(command, state) →
 * events | typed refusal, evolve(state, event) → state. Pure: time, ids and outside facts come in the command.
 * `contractDecider(policy)`, `serviceDecider(policy)` and `uploadDecider` are the three there are.
 */
export interface Decider<C, S, E> {
  readonly initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
}

