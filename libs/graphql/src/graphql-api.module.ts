import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { formatApiError } from './errors/format-error';
import { ApiValidationPipe } from './errors/validation';
import { DEFAULT_QUERY_LIMITS, QueryLimits, queryLimitsPlugin } from './limits/query-limits';

export interface GraphqlApiOptions {
  readonly production: boolean;
  readonly limits?: QueryLimits;
}

/** What every resolver finds in its GraphQL context. */
export interface ApiContext {
  readonly req: Request;
}

/**
 * POST /graphql, code-first. The schema is built in memory; `npm run schema` prints it to
 * `schema.graphql` (committed, and checked current by a test). Introspection is off in production.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: GraphqlApiOptions): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: !options.production,
          playground: false,
          includeStacktraceInErrorResponses: false,
          formatError: (formatted) => formatApiError(formatted),
          plugins: [queryLimitsPlugin(options.limits ?? DEFAULT_QUERY_LIMITS)],
          context: ({ req }: { req: Request }): ApiContext => ({ req }),
          buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer' },
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
