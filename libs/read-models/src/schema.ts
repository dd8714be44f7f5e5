/**
 * Types of the infrastructure tables (created by migrations). Projection tables are typed by each projection
 * (see Projection) and reached with `db.withTables<…>()`.
 */
export interface ProjectionCheckpointsTable {
  /** Projection name. */
  projection: string;
  /**
   * Global log position of the last event this projection applied (null: none yet). A bigint column: read it
   * through `bigintText` (see dialect.ts).
   */
  position: string | number | bigint | null;
  /** Projection.version whose code built the live tables; a different version in the code triggers a rebuild. */
  version: number;
  /** Bumped by every rebuild; names the generation of the live tables' indexes and constraints. */
  generation: number;
  /** ISO-8601 UTC. */
  updated_at: string;
}

export interface ReadModelTables {
  projection_checkpoints: ProjectionCheckpointsTable;
}
