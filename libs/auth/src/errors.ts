/**
 * A request without acceptable credentials: HTTP 401. `message` is a short reason safe to show the
 * caller (never the token, never a key).
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  constructor(
    message: string,
    /** RFC 6750: `invalid_request` for a malformed header, `invalid_token` for a token we refuse, null when none was sent. */
    readonly bearerError: 'invalid_request' | 'invalid_token' | null = 'invalid_token',
  ) {
    super(message);
  }
}

/**
 * The identity provider's key set could not be fetched (down, timeout, not JSON): the token may well be
 * good, so this is HTTP 503 rather than 401.
 */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('cannot verify tokens: the identity provider key set is unavailable', options);
  }
}
