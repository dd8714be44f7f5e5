import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../pagination/connection';
import { Contract } from './contract.types';

@ObjectType()
export class ContractConnection extends ConnectionType(Contract) {}

@ObjectType()
export class PendingRevocationItem {
  @Field(() => Contract) contract: Contract;
  @Field(() => Date, { description: 'BR §4.9.1.1: the CA must have revoked by then.' }) deadline: string;
  @Field(() => Int, { description: 'Minutes left (negative once missed).' }) remainingMinutes: number;
  @Field({ description: 'Missed or close: escalate.' }) urgent: boolean;
  @Field() overdue: boolean;
}
