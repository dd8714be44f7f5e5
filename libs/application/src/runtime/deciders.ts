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
  ServiceCommand,
  ServiceEvent,
  ServiceState,
} from '@pfw/domain';
import type { Decider } from './decider';

/** The contract decider bound to the configured policy (fee schedule, lifetime caps, grace period …). */
export function contractDeciderFor(policy: DomainPolicy): Decider<ContractCommand, ContractState, ContractEvent> {
  return { initialState: initialContractState, decide: (c, s) => decideContract(c, s, policy), evolve: evolveContract };
}

/** The service decider bound to the configured policy (the installation's initial terms version). */
export function serviceDeciderFor(policy: DomainPolicy): Decider<ServiceCommand, ServiceState, ServiceEvent> {
  return { initialState: initialServiceState(policy), decide: decideService, evolve: evolveService };
}
