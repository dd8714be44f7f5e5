import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A route pattern as Nest and Express write it (`/documents/:id`) and a matcher for concrete paths. */
interface CompiledRoute {
  readonly pattern: string;
  readonly regex: RegExp;
  /** Literal segments: the more, the more specific (`/documents/latest` beats `/documents/:id`). */
  readonly literals: number;
}

/** The label of a request that matched no known route (never the raw path: ids would explode the series). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Known route patterns, to label requests that never reached Express's router with a pattern: the ones a
 * middleware answered (401 from the auth middleware) and the ones served by `app.use` mounts (Apollo's
 * /graphql), which have no `req.route`.
 */
export class RoutePatterns {
  private routes: CompiledRoute[] = [];

  add(pattern: string): void {
    const normalized = normalizePath(pattern);
    if (this.routes.some((r) => r.pattern === normalized)) return;
    const segments = normalized.split('/').filter(Boolean);
    let literals = 0;
    const parts = segments.map((segment) => {
      if (/^\{?\*/.test(segment)) return '(?:/.*)?';
      if (segment.startsWith(':')) return '/[^/]+';
      literals += 1;
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    });
    const source = parts.length === 0 ? '^/?$' : `^${parts.join('')}/?$`;
    this.routes.push({ pattern: normalized, regex: new RegExp(source), literals });
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** The pattern a concrete path (no query string) belongs to, or UNMATCHED_ROUTE. */
  match(path: string): string {
    for (const route of this.routes) if (route.regex.test(path)) return route.pattern;
    return UNMATCHED_ROUTE;
  }

  has(pattern: string): boolean {
    return this.routes.some((r) => r.pattern === pattern);
  }

  patterns(): string[] {
    return this.routes.map((r) => r.pattern);
  }
}

/** `documents/:id` → `/documents/:id`; `/` stays `/`. */
export function normalizePath(path: string): string {
  const joined = `/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Every controller route of the application (path patterns), read from Nest's routing metadata. */
export function discoverControllerRoutes(discovery: DiscoveryService, scanner: MetadataScanner): string[] {
  const found: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, metatype));
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      for (const prefix of prefixes) {
        for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) found.push(normalizePath(`${prefix}/${path}`));
      }
    }
  }
  return found;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [''];
}

/** HTTP methods used as a label as they are; anything else is `OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : 'OTHER';
}
