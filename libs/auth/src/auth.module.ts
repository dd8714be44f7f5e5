import { DynamicModule, Global, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_CLAIMS, DevTokenAnnouncer, type AuthClaims } from './dev-token';
import { OperationRolesGuard } from './guard';
import { AUTH_KEY, resolveAuthKey, type AuthKey, type AuthKeyConfig } from './keys';
import { AuthMiddleware, TOKEN_VERIFIER } from './middleware';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RateLimiter } from './rate-limit';
import { TokenVerifier } from './verifier';

export interface AuthModuleOptions {
  /** Apply AuthMiddleware to every route (default true). Set false only to apply it yourself. */
  readonly applyMiddleware?: boolean;
  /** Register OperationRolesGuard as a global guard (default true). */
  readonly globalGuard?: boolean;
  /** Clock skew allowed on `exp`/`nbf` in seconds (default 5). */
  readonly clockToleranceSeconds?: number;
  /** Requests per minute per principal or client address (RATE_LIMIT_PER_MINUTE; default 1200; 0 = off). */
  readonly rateLimitPerMinute?: number;
}

const AUTH_MODULE_OPTIONS = Symbol.for('pfw.auth.options');

/**
 * The key, the verifier and the claims, injectable everywhere (global), e.g. for a graphql-ws
 * `onConnect` that must verify a token itself. Internal: use AuthModule.forRoot.
 */
@Global()
@Module({})
class AuthCoreModule {
  static forRoot(config: AuthKeyConfig, options: AuthModuleOptions): DynamicModule {
    const claims: AuthClaims = { issuer: config.auth.issuer, audience: config.auth.audience };
    return {
      module: AuthCoreModule,
      providers: [
        { provide: AUTH_CLAIMS, useValue: claims },
        // A factory, so the development secret file is read or made when the application starts.
        { provide: AUTH_KEY, useFactory: (): AuthKey => resolveAuthKey(config) },
        {
          provide: TOKEN_VERIFIER,
          useFactory: (key: AuthKey) => new TokenVerifier(key, { ...claims, clockToleranceSeconds: options.clockToleranceSeconds }),
          inject: [AUTH_KEY],
        },
        DevTokenAnnouncer,
      ],
      exports: [AUTH_KEY, AUTH_CLAIMS, TOKEN_VERIFIER, DevTokenAnnouncer],
    };
  }
}

/**
 * Authentication and authorization for the api. `AuthModule.forRoot(config)` provides the effective key
 * (AUTH_KEY), the TokenVerifier (TOKEN_VERIFIER) and the claims to every module, applies AuthMiddleware to
 * every route (every request but the public ones needs a bearer token, decided before GraphQL runs),
 * registers OperationRolesGuard globally, and in development prints a ready admin token at start.
 *
 * AuthModule itself is deliberately not global: Nest mounts the middleware of global modules first, and
 * the request logger (nestjs-pino, global) must run before this middleware so that refused requests are
 * logged with their request id too.
 */
@Module({})
export class AuthModule implements NestModule {
  constructor(@Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions) {}

  static forRoot(config: AuthKeyConfig, options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      imports: [AuthCoreModule.forRoot(config, options)],
      providers: [
        { provide: AUTH_MODULE_OPTIONS, useValue: options },
        { provide: RateLimiter, useFactory: () => new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE) },
        AuthMiddleware,
        ...(options.globalGuard === false ? [] : [{ provide: APP_GUARD, useClass: OperationRolesGuard }]),
      ],
      exports: [AuthMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.options.applyMiddleware === false) return;
    consumer.apply(AuthMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
