import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AUTH_KEY, type AuthKey } from './keys';
import { mintToken } from './mint';
import { Role } from './roles';

/** Injection token for the issuer/audience minted development tokens carry (so the api accepts them). */
export const AUTH_CLAIMS = Symbol.for('pfw.auth.claims');
export interface AuthClaims {
  readonly issuer: string | null;
  readonly audience: string | null;
}

/** Subject and lifetime of the admin token printed at a development start. */
export const DEV_TOKEN_SUBJECT = 'dev-admin';
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * At a development start without AUTH_JWT_SECRET or AUTH_JWKS_URL, logs one line with a ready admin
 * token signed with the development secret (DATA_DIR/dev-jwt-secret). Silent in every other case.
 */
@Injectable()
export class DevTokenAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(AUTH_KEY) private readonly key: AuthKey,
    @Inject(AUTH_CLAIMS) private readonly claims: AuthClaims,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = await this.developmentToken();
    if (token === null) return;
    if (this.key.kind === 'hs256' && this.key.origin === 'development' && this.key.file.permissionsTightened) {
      this.logger.warn(`${this.key.file.path} was readable by others; its mode is now 0600`);
    }
    this.logger.log(
      `DEVELOPMENT ONLY admin token (no AUTH_JWT_SECRET/AUTH_JWKS_URL set; sub ${DEV_TOKEN_SUBJECT}, valid ${DEV_TOKEN_TTL_SECONDS / 3600}h): Bearer ${token}`,
    );
  }

  /** The admin token to print, or null when the key is not the development secret. */
  async developmentToken(now?: Date): Promise<string | null> {
    if (this.key.kind !== 'hs256' || this.key.origin !== 'development') return null;
    return mintToken(this.key.secret, {
      sub: DEV_TOKEN_SUBJECT,
      roles: [Role.ADMIN],
      ttlSeconds: DEV_TOKEN_TTL_SECONDS,
      issuer: this.claims.issuer,
      audience: this.claims.audience,
      ...(now ? { now } : {}),
    });
  }
}
