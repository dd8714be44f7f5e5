import { toJapanDate } from '@pfw/domain';
import type { JsonLike } from './json';

/**
 * Upcasters turn an old stored payload into the next schema version, on read. Stored events are never
 * rewritten: the log keeps what was written, and decode brings it to the shape the current code expects.
 * An upcaster works on raw JSON (after decryption, before the schema check), one version step at a time.
 */
export type Upcaster = (data: { readonly [key: string]: JsonLike }) => { [key: string]: JsonLike };

export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `eventType`. */
  register(eventType: string, fromVersion: number, upcast: Upcaster): this {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new Error(`upcaster for ${eventType}: fromVersion must be an integer ≥ 1`);
    const byVersion = this.steps.get(eventType) ?? new Map<number, Upcaster>();
    if (byVersion.has(fromVersion)) throw new Error(`upcaster for ${eventType} v${fromVersion} → v${fromVersion + 1} is registered twice`);
    byVersion.set(fromVersion, upcast);
    this.steps.set(eventType, byVersion);
    return this;
  }

  has(eventType: string, fromVersion: number): boolean {
    return this.steps.get(eventType)?.has(fromVersion) ?? false;
  }

  /** Applies each step from `version` up to `target`; throws naming the first missing step. */
  upcast(eventType: string, data: { readonly [key: string]: JsonLike }, version: number, target: number): { [key: string]: JsonLike } {
    let current = { ...data };
    for (let v = version; v < target; v++) {
      const step = this.steps.get(eventType)?.get(v);
      if (!step) throw new Error(`no upcaster for ${eventType} v${v} → v${v + 1}`);
      current = step(current);
    }
    return current;
  }
}

/**
 * The upcasters of this codebase:
 * - ScreeningPassed v1 → v2: v2 records `coverageStartsOn`, the Japan date of acceptance. v1 readers derived
 *   it from `passedAt` in Asia/Tokyo; the upcaster does exactly that.
 * - ApplicationSubmitted v1 → v2: v2 records the CA agreements accepted by applying (Art. 2); a v1 application
 *   recorded none, so the upcaster says so (null) rather than invent versions.
 */
export function defaultUpcasters(): UpcasterRegistry {
  return new UpcasterRegistry().register('ScreeningPassed', 1, (data) => {
    const passedAt = data['passedAt'];
    if (typeof passedAt !== 'string') throw new Error('ScreeningPassed v1 has no passedAt');
    return { ...data, coverageStartsOn: toJapanDate(new Date(passedAt)) };
  }).register('ApplicationSubmitted', 1, (data) => ({ ...data, caAgreementsAccepted: null }));
}
