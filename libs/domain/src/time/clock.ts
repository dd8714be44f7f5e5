/**
 * Where "now" comes from. The domain never reads the system clock: handlers take `now()` from a Clock and
 * pass the instant into commands. Implementations (system, simulated test clock) live outside the domain.
 */
export interface Clock {
  now(): Date;
}
