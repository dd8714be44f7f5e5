// `@test-utils` for the client's suite: its own helpers, with the Docker cluster replaced by doubles.
import { Cluster } from './Cluster';

export const createTestNode = (): Cluster => new Cluster(1);
export const createTestCluster = (count = 3): Cluster => new Cluster(count);
export const createInsecureTestNode = (): Cluster => new Cluster(1, true);
export const createInsecureTestCluster = (count = 3): Cluster => new Cluster(count, true);

export { Cluster };
export * from '@client-utils/collect';
export * from '@client-utils/createManyPs';
export * from '@client-utils/Defer';
export * from '@client-utils/delay';
export * from '@client-utils/testEvents';
export * from '@client-utils/getCurrentConnection';
export * from '@client-utils/matchServerVersion';
export * from '@client-utils/optionalDescribe';
export * from '@client-utils/postEventViaHttpApi';
