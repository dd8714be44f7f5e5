import type { ReadAllOptions } from './port';

/** Where a `readAll` starts: a position (or an end of the log), and whether the event at it is included. */
export interface ReadAllStart {
  readonly backwards: boolean;
  readonly from: bigint | 'start' | 'end';
  /** True for `after`: the event at `from` itself is skipped. */
  readonly exclusive: boolean;
}

/** Validates the start options of `readAll` the same way for every adapter. */
export function readAllStart(options: ReadAllOptions): ReadAllStart {
  const backwards = options.direction === 'backwards';
  if (options.after !== undefined) {
    if (options.fromPosition !== undefined) throw new RangeError('readAll takes fromPosition or after, not both');
    if (backwards) throw new RangeError('readAll reads after a position forwards only');
    return { backwards, from: options.after, exclusive: true };
  }
  return { backwards, from: options.fromPosition ?? (backwards ? 'end' : 'start'), exclusive: false };
}
