export * from './commands';
export * from './events';
export * from './state';
export * from './evolve';
export * from './decide';

import { decideService } from './decide';
import { evolveService } from './evolve';
import { initialServiceState } from './state';

/** The service decider as one value (initialState takes the policy for the initial terms version). */
export const serviceDecider = { decide: decideService, evolve: evolveService, initialState: initialServiceState } as const;
