import {
  ContractCommand,
  ContractEvent,
  ContractState,
  decideContract,
  decideService,
  DomainPolicy,
  evolveContract,
  evolveService,
  initialContractState,
  initialServiceState,
  isContract,
  ServiceCommand,
  ServiceEvent,
  ServiceState,
} from '@pfw/domain';
import type { Decider } from './decider';

const contractDeciders = new WeakMap<DomainPolicy, Decider<ContractCommand, ContractState, ContractEvent>>();
const serviceDeciders = new WeakMap<DomainPolicy, Decider<ServiceCommand, ServiceState, ServiceEvent>>();

/**
 * The contract decider bound to the configured policy (fee schedule, lifetime caps, grace period …). One object
 * per policy: the executor's state cache is keyed by it.
 */
export function contractDeciderFor(policy: DomainPolicy): Decider<ContractCommand, ContractState, ContractEvent> {
  let decider = contractDeciders.get(policy);
  if (!decider) {
    decider = {
      initialState: initialContractState,
      decide: (c, s) => decideContract(c, s, policy),
      evolve: evolveContract,
      retain: (s) => !(isContract(s) && s.personalDataShredded),
    };
    contractDeciders.set(policy, decider);
  }
  return decider;
}

/** The service decider bound to the configured policy (the installation's initial terms version). */
export function serviceDeciderFor(policy: DomainPolicy): Decider<ServiceCommand, ServiceState, ServiceEvent> {
  let decider = serviceDeciders.get(policy);
  if (!decider) {
    decider = { initialState: initialServiceState(policy), decide: decideService, evolve: evolveService };
    serviceDeciders.set(policy, decider);
  }
  return decider;
}
