/** The staff member's token, kept in this browser's session storage, and what it says about them. */
export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly roles: readonly string[];
  readonly exp: number | null;
}

const KEY = 'pfw.admin.token';

/**
 * Decodes a JWT's claims (the server verifies it; this only shows who is signed in). Null when it is not a JWT.
 * A token pasted with its "Bearer " (as the start prints it, and as headers carry it) is the token.
 */
export function sessionOf(pasted: string): Session | null {
  const token = pasted.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1]!.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as { sub?: unknown; roles?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
    return {
      token,
      sub: claims.sub,
      roles: claims.roles.filter((r): r is string => typeof r === 'string').map((r) => r.toUpperCase()),
      exp: typeof claims.exp === 'number' ? claims.exp : null,
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  const session = token ? sessionOf(token) : null;
  if (session && session.exp !== null && session.exp * 1000 <= Date.now()) return null;
  return session;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}

export function hasRole(session: Session, ...roles: string[]): boolean {
  return roles.some((r) => session.roles.includes(r));
}
