/**
 * The bare ceiling for GraphQL over HTTP: Nest + Apollo with the product's logger (ObservabilityModule: pino,
 * one line per request) and auth (AuthModule: the bearer-token middleware and the global OperationRolesGuard),
 * and the product's own GraphQL types (Contract, ContractPayload, RecordPaymentInput), answering `contract(id)`
 * and `recordPayment` from a Map in memory — no database, no event store, no projection, no validation pipe,
 * no idempotency store. Compiled on load by bench/lib/register.js (swc, like the product).
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, GraphQLModule, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Logger } from 'nestjs-pino';
import { AuthModule } from '@pfw/auth';
import type { AppConfig } from '@pfw/config';
import { governingTermsVersionOf } from '@pfw/read-models';
import { ObservabilityModule } from '@pfw/observability';
import { Contract } from '../../libs/graphql/src/schema/contract.types';
import { ContractPayload } from '../../libs/graphql/src/schema/payloads';
import { RecordPaymentInput } from '../../libs/graphql/src/schema/inputs';
import { DateTimeScalar } from '../../libs/graphql/src/scalars/date-time.scalar';

/** The service's terms versions as the bench's logs leave them: the initial one, never revised. */
const INITIAL_TERMS = [{ version: '1', effectiveFrom: '2024-01-01', summary: 'initial', documentSha256: null, revisedAt: null }];

/** The contracts, as the product's presenter shows them, by id. */
export const CONTRACTS = new Map<string, any>();

@Resolver(() => Contract)
class BareResolver {
  @Query(() => Contract, { nullable: true })
  contract(@Args('id', { type: () => ID }) id: string): Contract | null {
    return CONTRACTS.get(id) ?? null;
  }

  /**
   * The product resolves this field per contract with the one domain function over the service's terms
   * versions; the bench's logs hold no revision, so the bare app passes the initial version only (without the
   * field its schema answered every query that asks for it with an error).
   */
  @ResolveField(() => String)
  governingTermsVersion(@Parent() parent: any): string {
    return governingTermsVersionOf(parent, INITIAL_TERMS, parent.presentedAt ?? new Date());
  }

  @Mutation(() => ContractPayload)
  recordPayment(@Args('input', { type: () => RecordPaymentInput }) input: RecordPaymentInput): ContractPayload {
    const current = CONTRACTS.get(input.contractId);
    if (!current || !current.invoice) throw new Error('no such contract with an invoice');
    const paidJpy = current.invoice.paidJpy + input.amountJpy;
    const payments = [...current.invoice.payments, { amountJpy: input.amountJpy, paidOn: input.paidOn, bankReference: input.bankReference }];
    const next = {
      ...current,
      invoice: { ...current.invoice, paidJpy, payments, outstandingJpy: Math.max(0, current.invoice.amountJpy - paidJpy) },
      version: current.version + 1,
      position: String(BigInt(current.position) + 1n),
    };
    CONTRACTS.set(input.contractId, next);
    return { contract: next, position: next.position, clientMutationId: input.clientMutationId ?? null };
  }
}

export async function createBareApp(config: AppConfig) {
  @Module({
    imports: [
      ObservabilityModule.forRoot(config),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        introspection: false,
        playground: false,
        includeStacktraceInErrorResponses: false,
        context: ({ req }: { req: Request }) => ({ req }),
        buildSchemaOptions: { numberScalarMode: 'integer', scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
      }),
      // The product's rate limit setting too (serve.js turns it off): a 429 costs far less than an answer.
      AuthModule.forRoot(config, { rateLimitPerMinute: config.rateLimitPerMinute }),
    ],
    providers: [BareResolver],
  })
  class BareAppModule {}

  const app = await NestFactory.create(BareAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().disable?.('x-powered-by');
  return app;
}
