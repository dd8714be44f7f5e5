import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Contract } from './contract.types';

@ObjectType()
export class ContractPayload {
  @Field(() => Contract, { description: 'The contract as the read model shows it after catching up with this write.' })
  contract: Contract;

  @Field({ description: 'Global log position of the write (or of the state shown, when nothing was written).' })
  position: string;

  @Field(() => String, { nullable: true })
  clientMutationId: string | null;
}

@ObjectType()
export class CompensationPayload {
  @Field(() => Int) amountJpy: number;
  @Field(() => Int) contractFeeJpy: number;
  @Field(() => Int) feeReceivedJpy: number;
  @Field(() => Int) remainingWholeMonths: number;
  @Field(() => Int) totalMonths: number;
  @Field(() => String, { nullable: true }) clientMutationId: string | null;
}

@ObjectType()
export class ServiceStatus {
  @Field() suspended: boolean;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field({ description: 'The terms version in force now (Art. 13).' }) termsVersion: string;
}

@ObjectType()
export class ServicePayload {
  @Field(() => ServiceStatus) serviceStatus: ServiceStatus;
  @Field(() => String, { nullable: true }) clientMutationId: string | null;
}

@ObjectType()
export class ClockPayload {
  @Field(() => Date) now: Date;
  @Field(() => String, { nullable: true }) clientMutationId: string | null;
}

@ObjectType()
export class FeeScheduleEntry {
  @Field(() => Int) planMonths: number;
  @Field(() => Int, { description: 'Tax-exclusive, integer yen.' }) amountJpy: number;
}
