import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { ContractMutationsResolver } from './resolvers/contract.mutations';
import { ContractQueriesResolver } from './resolvers/contract.queries';
import { ServiceResolver } from './resolvers/service.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { ProcessResolver } from './resolvers/process.resolver';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver';
import { DateTimeScalar } from './scalars/date-time.scalar';

/** Every resolver class of the public API: the schema is generated from these (code-first). */
export const API_RESOLVERS = [ContractQueriesResolver, ContractMutationsResolver, ServiceResolver, AuditResolver, ProcessResolver, SubscriptionsResolver];

/** The public schema as SDL, sorted: what `schema.graphql` holds (API.md: committed when it changes). */
export async function printApiSchema(resolvers: readonly Function[] = API_RESOLVERS): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const factory = app.get(GraphQLSchemaFactory);
    const schema = await factory.create([...resolvers], { numberScalarMode: 'integer', scalarsMap: [{ type: Date, scalar: DateTimeScalar }] });
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
