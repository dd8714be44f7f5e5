import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { TOKEN_VERIFIER, type TokenVerifier } from '@pfw/auth';
import type { DomainPolicy } from '@pfw/domain';
import { contractQueriesOptionsFrom, contractQueriesProvider } from '@pfw/read-models';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { formatApiError } from './errors/format-error';
import { variableErrorFieldsPlugin } from './errors/variable-fields';
import { ContractMutationRunner } from './resolvers/contract-mutation.runner';
import { ReadYourWrites } from './resolvers/read-your-writes';
import { ContractMutationsResolver } from './resolvers/contract.mutations';
import { ContractQueriesResolver } from './resolvers/contract.queries';
import { ServiceResolver } from './resolvers/service.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { ProcessResolver } from './resolvers/process.resolver';
import { ApiValidationPipe } from './errors/validation';
import { DateTimeScalar } from './scalars/date-time.scalar';
import { DEFAULT_QUERY_LIMITS, QueryLimits, queryLimitsPlugin } from './limits/query-limits';
import { LIVE_FEED_TUNING, LiveFeeds, type LiveFeedTuning } from './subscriptions/live-feeds';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';
import { isWsContext, LiveConnections } from './subscriptions/ws-server';

export interface GraphqlApiOptions {
  readonly production: boolean;
  readonly limits?: QueryLimits;
  /** The domain policy the work lists follow (reissue window, revocation escalation, initial terms version). */
  readonly policy?: DomainPolicy;
  /** The live feeds' tuning: the time-list poll and each subscriber's buffer (updates waiting to be sent). */
  readonly subscriptions?: LiveFeedTuning & { readonly subscriberBuffer?: number };
}

/** What every resolver finds in its GraphQL context. */
export interface ApiContext {
  readonly req: Request;
}

/**
 * POST /graphql, code-first. With a policy it serves the API.md operations (the resolvers need the
 * command side, the read models and the idempotency store from the application around it); without one,
 * only the conventions (tests of the conventions bring their own resolvers). The schema is built in memory; `npm run schema` prints it to
 * `schema.graphql` (committed, and checked current by a test). Introspection is off in production.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: GraphqlApiOptions): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [{ token: TOKEN_VERIFIER, optional: true }],
          useFactory: (verifier: TokenVerifier | undefined): ApolloDriverConfig => {
            // Subscriptions need the token verifier (AuthModule): without one, the schema serves HTTP only.
            const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
            const live = verifier ? new LiveConnections(verifier, limits) : null;
            return {
              path: '/graphql',
              autoSchemaFile: true,
              sortSchema: true,
              introspection: !options.production,
              playground: false,
              includeStacktraceInErrorResponses: false,
              formatError: (formatted) => formatApiError(formatted),
              plugins: [queryLimitsPlugin(limits), variableErrorFieldsPlugin()],
              parseOptions: { maxTokens: limits.maxTokens },
              ...(live ? { transformSchema: (schema) => live.useSchema(schema) } : {}),
              context: (arg: { req: Request } | unknown): ApiContext | object =>
                live && isWsContext(arg) ? live.context(arg) : { req: (arg as { req: Request }).req },
              ...(live ? { subscriptions: { 'graphql-ws': live.serverOptions('/graphql') } } : {}),
              buildSchemaOptions: { numberScalarMode: 'integer', scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            };
          },
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        ...(options.policy
          ? [
              contractQueriesProvider(contractQueriesOptionsFrom(options.policy)),
              ReadYourWrites,
              ContractMutationRunner,
              ContractQueriesResolver,
              ContractMutationsResolver,
              ServiceResolver,
              AuditResolver,
              ProcessResolver,
              { provide: LIVE_FEED_TUNING, useValue: options.subscriptions ?? {} },
              LiveFeeds,
              SubscriptionsResolver,
            ]
          : []),
      ],
    };
  }
}
