export * from './types';
export * from './applicant';
export * from './commands';
export * from './events';
export * from './state';
export * from './evolve';
export * from './decide';
export * from './revocation-table';
export * from './coverage';
export * from './compensation';
export { missingDocumentKinds } from './rules/application';
export { nonPaymentProblem } from './rules/revocation';

import { decideContract } from './decide';
import { evolveContract } from './evolve';
import { initialContractState } from './state';

/** The contract decider as one value: { decide, evolve, initialState }. */
export const contractDecider = { decide: decideContract, evolve: evolveContract, initialState: initialContractState } as const;
