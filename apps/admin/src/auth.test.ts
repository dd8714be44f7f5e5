import { sessionOf } from './auth';

describe('signing in with a token', () => {
  const token = ['{"alg":"HS256"}', '{"sub":"dev-admin","roles":["admin","auditor"],"exp":2000000000}'].map((p) => btoa(p).replace(/=+$/, '')).join('.') + '.sig';

  it('given the token alone, then the session holds it, the subject and the roles', () => {
    expect(sessionOf(token)).toEqual({ token, sub: 'dev-admin', roles: ['ADMIN', 'AUDITOR'], exp: 2000000000 });
  });

  it('given it pasted as the start prints it ("Bearer eyJ…", spaces around), then the session holds the token alone, so calls send one "Bearer"', () => {
    expect(sessionOf(`  Bearer ${token}\n`)?.token).toBe(token);
    expect(sessionOf(`bearer ${token}`)?.token).toBe(token);
  });

  it('given something else, then there is no session', () => {
    expect(sessionOf('Bearer')).toBeNull();
    expect(sessionOf('not.a.jwt')).toBeNull();
  });
});
