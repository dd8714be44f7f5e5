/** Milliseconds in an hour and in a (UTC) day: the one definition every lib computes deadlines and windows with. */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
