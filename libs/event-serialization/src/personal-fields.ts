import type { Codec } from './codec';
import { EVENT_SCHEMAS, isKnownEventType, type AnyEventType } from './schemas';

/**
 * Where each event type keeps personal data (issue 8), read off the schemas' `personal(…)` marks so the
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

/**
 * Copies `data` deeply enough that every personal leaf of `type` can be replaced, and lists those leaves that
 * are present. A missing or wrongly shaped container is skipped (the schema check reports it, not this walk).
 */
export function personalLeaves(type: string, data: { readonly [key: string]: unknown }): { copy: { [key: string]: unknown }; leaves: PersonalLeaf[] } {
  const copy = structuredClone(data) as { [key: string]: unknown };
  const leaves: PersonalLeaf[] = [];
  for (const pattern of personalFieldPaths(type)) collect(copy, pattern.split('.'), '', leaves);
  return { copy, leaves };
}

function collect(container: unknown, segments: readonly string[], prefix: string, out: PersonalLeaf[]): void {
  if (container === null || typeof container !== 'object') return;
  const [head, ...rest] = segments as [string, ...string[]];
  const isList = head.endsWith('[]');
  const key = isList ? head.slice(0, -2) : head;
  const holder = container as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(holder, key)) return;
  const here = prefix ? `${prefix}.${key}` : key;
  if (isList) {
    const list = holder[key];
    if (!Array.isArray(list)) return;
    list.forEach((element, i) => {
      if (rest.length === 0) out.push({ path: `${here}[${i}]`, value: element, set: (v) => (list[i] = v) });
      else collect(element, rest, `${here}[${i}]`, out);
    });
    return;
  }
  if (rest.length === 0) {
    out.push({ path: here, value: holder[key], set: (v) => (holder[key] = v) });
    return;
  }
  collect(holder[key], rest, here, out);
}
