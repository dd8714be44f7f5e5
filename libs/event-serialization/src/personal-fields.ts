import type { Codec } from './codec';
import { EVENT_SCHEMAS, isKnownEventType, type AnyEventType } from './schemas';

/**
 * Where each event type keeps personal data, read off the schemas' `personal(…)` marks so the
 * list cannot drift from the schemas. A path is relative to the payload (`applicant.contact.email`); a list
 * element is written `[]` (`items[].name`) and matches every index.
 */
export type PersonalFieldPath = string;

function walk(codec: Codec<unknown>, path: string, out: PersonalFieldPath[]): void {
  const shape = codec.shape;
  if (!shape) return;
  switch (shape.kind) {
    case 'personal':
      out.push(path);
      return;
    case 'nullable':
      walk(shape.inner, path, out);
      return;
    case 'array':
      walk(shape.element, `${path}[]`, out);
      return;
    case 'object':
      for (const [key, field] of Object.entries(shape.fields)) walk(field, path ? `${path}.${key}` : key, out);
      return;
  }
}

const BY_TYPE: ReadonlyMap<string, readonly PersonalFieldPath[]> = new Map(
  (Object.keys(EVENT_SCHEMAS) as AnyEventType[]).map((type) => {
    const out: PersonalFieldPath[] = [];
    walk(EVENT_SCHEMAS[type] as Codec<unknown>, '', out);
    return [type, Object.freeze(out)] as const;
  }),
);

/** The personal-data paths of an event type's payload (empty for types without personal data or unknown types). */
export function personalFieldPaths(type: string): readonly PersonalFieldPath[] {
  return isKnownEventType(type) ? (BY_TYPE.get(type) ?? []) : [];
}

/** Every event type that carries personal data, with its paths: what shredding a contract makes unreadable. */
export function personalDataInventory(): ReadonlyArray<{ readonly type: string; readonly paths: readonly PersonalFieldPath[] }> {
  return [...BY_TYPE.entries()].filter(([, paths]) => paths.length > 0).map(([type, paths]) => ({ type, paths }));
}

/** The inventory as `Type.path` strings, the scope `PersonalDataShredded` records. */
export function personalDataScope(): string[] {
  return personalDataInventory().flatMap(({ type, paths }) => paths.map((p) => `${type}.${p}`));
}

/** A concrete leaf found in a payload: its concrete path (indices filled in) and where it sits. */
export interface PersonalLeaf {
  /** e.g. `applicant.contact.email`, `items[2].name`. */
  readonly path: string;
  readonly value: unknown;
  /** Replaces the leaf's value in the (copied) payload. */
  set(value: unknown): void;
}

/** The personal paths of each type, split into segments once. */
const SEGMENTS_BY_TYPE: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
  [...BY_TYPE.entries()].map(([type, paths]) => [type, paths.map((p) => p.split('.'))] as const),
);

/**
 * Copies `data` deeply enough that every personal leaf of `type` can be replaced, and lists those leaves that
 * are present. A missing or wrongly shaped container is skipped (the schema check reports it, not this walk).
 *
 * Only the containers on the way to a personal leaf are copied (shallowly, each once); everything else is
 * shared with `data`, which is never modified. A type without personal fields answers `data` itself and no
 * leaves. (A structuredClone of every payload would cost a tenth of a rebuild's time, bench/.)
 */
export function personalLeaves(type: string, data: { readonly [key: string]: unknown }): { copy: { [key: string]: unknown }; leaves: PersonalLeaf[] } {
  const patterns = isKnownEventType(type) ? SEGMENTS_BY_TYPE.get(type) : undefined;
  if (!patterns || patterns.length === 0) return { copy: data as { [key: string]: unknown }, leaves: [] };
  const copy: { [key: string]: unknown } = { ...data };
  const copied = new Set<unknown>([copy]);
  const leaves: PersonalLeaf[] = [];
  for (const segments of patterns) collect(copy, segments, '', leaves, copied);
  return { copy, leaves };
}

/** `holder[key]`, replaced first by a shallow copy of itself unless it already is one of ours. */
function ownChild(holder: Record<string, unknown> | unknown[], key: string | number, copied: Set<unknown>): unknown {
  const child = (holder as Record<string | number, unknown>)[key];
  if (child === null || typeof child !== 'object' || copied.has(child)) return child;
  const own = Array.isArray(child) ? child.slice() : { ...(child as Record<string, unknown>) };
  (holder as Record<string | number, unknown>)[key] = own;
  copied.add(own);
  return own;
}

function collect(container: unknown, segments: readonly string[], prefix: string, out: PersonalLeaf[], copied: Set<unknown>): void {
  if (container === null || typeof container !== 'object') return;
  const [head, ...rest] = segments as [string, ...string[]];
  const isList = head.endsWith('[]');
  const key = isList ? head.slice(0, -2) : head;
  const holder = container as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(holder, key)) return;
  const here = prefix ? `${prefix}.${key}` : key;
  if (isList) {
    if (!Array.isArray(holder[key])) return;
    const list = ownChild(holder, key, copied) as unknown[];
    list.forEach((element, i) => {
      if (rest.length === 0) out.push({ path: `${here}[${i}]`, value: element, set: (v) => (list[i] = v) });
      else collect(ownChild(list, i, copied), rest, `${here}[${i}]`, out, copied);
    });
    return;
  }
  if (rest.length === 0) {
    out.push({ path: here, value: holder[key], set: (v) => (holder[key] = v) });
    return;
  }
  collect(ownChild(holder, key, copied), rest, here, out, copied);
}
