import type { Migration } from 'kysely';
import { projectionCheckpoints } from './0001-projection-checkpoints';
import { consumerLeases } from './0009-consumer-leases';

/**
 * The migrations of this library's own tables in the shared database: the projections' checkpoints and the
 * consumers' leases. Every lib that keeps tables there exports its own list like this one; the apps run them
 * all, in name order, through one list (`libs/migrations`).
 *
 * Tables owned by a projection are NOT created here: the projection declares them (Projection.createTables)
 * so that a rebuild can create fresh copies; change them by bumping Projection.version.
 */
export const READ_MODELS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_projection_checkpoints': projectionCheckpoints,
  '0009_consumer_leases': consumerLeases,
};
