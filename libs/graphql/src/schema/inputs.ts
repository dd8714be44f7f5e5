import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CRL_REASONS,
  DELIVERY_METHODS,
  DOCUMENT_KIND_PATTERN,
  INPUT_LIMITS,
  NOTIFICATION_CHANNELS,
  ORGANIZATION_TYPES,
  REISSUE_REASONS,
  SCREENING_FAILURE_REASONS,
  STAFF_REVOCATION_REASONS,
  TRUST_IMPAIRED_CAUSES,
  type CrlReason,
  type DeliveryMethod,
  type NotificationChannel,
  type OrganizationType,
  type ReissueReason,
  type InitiateRevocation,
  type ScreeningFailureReason,
  type TrustImpairedCause,
} from '@pfw/domain';
import { DateScalar } from '../scalars/date.scalar';
import {
  CancellationReasonEnum,
  CrlReasonEnum,
  RevocationOutcomeEnum,
  STAFF_CANCELLATION_REASONS,
  DeliveryMethodEnum,
  NotificationChannelEnum,
  OrganizationTypeEnum,
  ReissueReasonEnum,
  ScreeningFailureReasonEnum,
  TrustImpairedCauseEnum,
} from './enums';

/**
 * Mutation inputs (API.md: each is its mutation's name + `Input`). class-validator checks shape and size
 * here; the domain checks meaning (FQDN, postal code, prefecture, corporate number, CSR …) and names the
 * field when it refuses.
 */

const NAME = INPUT_LIMITS.name;
const TEXT = INPUT_LIMITS.text;
const ID_LENGTH = INPUT_LIMITS.identifier;

/** Every input: an optional clientMutationId makes a retry return the first answer. */
@InputType({ isAbstract: true })
export abstract class MutationInput {
  @Field(() => String, { nullable: true, description: 'A UUID, say: the same value sent again returns the first answer and writes nothing.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(ID_LENGTH)
  clientMutationId?: string | null;
}

@InputType({ isAbstract: true })
export abstract class ContractMutationInput extends MutationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a contract id (UUID)' })
  contractId: string;
}

@InputType()
export class AddressInput {
  @Field({ description: 'NNN-NNNN or 7 digits.' })
  @IsString()
  @MaxLength(INPUT_LIMITS.postalCode)
  postalCode: string;

  @Field({ description: 'The official Japanese name (東京都); romanized names (Tokyo) are normalized.' })
  @IsString()
  @MaxLength(INPUT_LIMITS.prefecture)
  prefecture: string;

  @Field()
  @IsString()
  @MaxLength(NAME)
  city: string;

  @Field()
  @IsString()
  @MaxLength(NAME)
  street: string;
}

@InputType()
export class ContactInput {
  @Field()
  @IsString()
  @MaxLength(NAME)
  name: string;

  @Field()
  @IsString()
  @MaxLength(INPUT_LIMITS.email)
  email: string;

  @Field({ description: 'A Japanese number, with or without hyphens, or +81.' })
  @IsString()
  @MaxLength(INPUT_LIMITS.phone)
  phone: string;
}

@InputType()
export class ApplicantInput {
  @Field()
  @IsString()
  @MaxLength(NAME)
  organizationName: string;

  @Field(() => OrganizationTypeEnum)
  @IsIn(ORGANIZATION_TYPES)
  organizationType: OrganizationType;

  @Field(() => String, { nullable: true, description: '13 digits with a valid check digit, where one exists.' })
  @IsOptional()
  @IsString()
  @MaxLength(INPUT_LIMITS.corporateNumber)
  corporateNumber?: string | null;

  @Field(() => AddressInput)
  @ValidateNested()
  @Type(() => AddressInput)
  address: AddressInput;

  @Field()
  @IsString()
  @MaxLength(NAME)
  representativeName: string;

  @Field(() => ContactInput)
  @ValidateNested()
  @Type(() => ContactInput)
  contact: ContactInput;
}

@InputType()
export class SubmitApplicationInput extends MutationInput {
  @Field(() => ApplicantInput)
  @ValidateNested()
  @Type(() => ApplicantInput)
  applicant: ApplicantInput;

  @Field()
  @IsString()
  @MaxLength(INPUT_LIMITS.fqdn)
  webServerFqdn: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(INPUT_LIMITS.planMonths)
  planMonths: number;

  @Field()
  @IsBoolean()
  stickerRequested: boolean;

  @Field(() => DeliveryMethodEnum, { nullable: true, defaultValue: 'EMAIL' })
  @IsOptional()
  @IsIn(DELIVERY_METHODS)
  certificateDeliveryMethod?: DeliveryMethod | null;

  @Field(() => AddressInput, { nullable: true, description: 'For stickers and POST deliveries; default the applicant address.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressInput)
  deliveryAddress?: AddressInput | null;

  @Field()
  @IsString()
  @MaxLength(INPUT_LIMITS.pem)
  csrPem: string;

  @Field(() => [ID])
  @IsArray()
  @ArrayMaxSize(INPUT_LIMITS.documentsPerRequest)
  @IsString({ each: true })
  @MaxLength(ID_LENGTH, { each: true })
  documentIds: string[];

  @Field(() => ID, { nullable: true, description: 'Art. 11: this application extends that contract.' })
  @IsOptional()
  @IsUUID()
  renewalOf?: string | null;

  @Field(() => ID, { nullable: true, description: 'Art. 8/9: this application replaces that contract.' })
  @IsOptional()
  @IsUUID()
  supersedes?: string | null;

  @Field(() => ID, { nullable: true, description: 'Art. 9: the written consent to a transfer to another holder.' })
  @IsOptional()
  @IsString()
  @MaxLength(ID_LENGTH)
  transferConsentDocumentId?: string | null;
}

@InputType()
export class RequestAdditionalDocumentsInput extends ContractMutationInput {
  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(INPUT_LIMITS.documentKindsPerRequest)
  @Matches(DOCUMENT_KIND_PATTERN, { each: true, message: 'each kind must be an upper-case token like CERTIFICATE_OF_REGISTRY' })
  kinds: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class AttachDocumentsInput extends ContractMutationInput {
  @Field(() => [ID])
  @IsArray()
  @ArrayMaxSize(INPUT_LIMITS.documentsPerRequest)
  @IsString({ each: true })
  @MaxLength(ID_LENGTH, { each: true })
  documentIds: string[];
}

@InputType()
export class WithdrawApplicationInput extends ContractMutationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class ScreeningChecklistInput {
  @Field()
  @IsBoolean()
  japanBase: boolean;

  @Field()
  @IsBoolean()
  organizationEligible: boolean;

  @Field()
  @IsBoolean()
  noProhibitedActFound: boolean;

  @Field()
  @IsBoolean()
  documentsComplete: boolean;
}

@InputType()
export class PassScreeningInput extends ContractMutationInput {
  @Field(() => ScreeningChecklistInput)
  @ValidateNested()
  @Type(() => ScreeningChecklistInput)
  checklist: ScreeningChecklistInput;
}

@InputType()
export class FailScreeningInput extends ContractMutationInput {
  @Field(() => [ScreeningFailureReasonEnum])
  @IsArray()
  @ArrayMaxSize(SCREENING_FAILURE_REASONS.length)
  @IsIn(SCREENING_FAILURE_REASONS, { each: true })
  reasons: ScreeningFailureReason[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class RecordPaymentInput extends ContractMutationInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(INPUT_LIMITS.paymentJpy)
  amountJpy: number;

  @Field(() => DateScalar)
  @IsString()
  paidOn: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME)
  bankReference: string;
}

@InputType()
export class RecordCertificateDeliveredInput extends ContractMutationInput {
  @Field(() => DeliveryMethodEnum, { nullable: true, defaultValue: 'POST' })
  @IsOptional()
  @IsIn(DELIVERY_METHODS)
  method?: DeliveryMethod | null;

  @Field(() => Date)
  @IsDate()
  deliveredAt: Date;
}

@InputType()
export class RequestReissueInput extends ContractMutationInput {
  @Field()
  @IsString()
  @MaxLength(INPUT_LIMITS.pem)
  csrPem: string;

  @Field(() => ReissueReasonEnum)
  @IsIn(REISSUE_REASONS)
  reason: ReissueReason;
}

@InputType()
export class RecordStickerShippedInput extends ContractMutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INPUT_LIMITS.stickerSerial)
  stickerSerial: string;

  @Field(() => DateScalar)
  @IsString()
  shippedOn: string;
}

@InputType()
export class RecordStickerReturnedInput extends ContractMutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INPUT_LIMITS.stickerSerial)
  stickerSerial: string;

  @Field(() => DateScalar)
  @IsString()
  receivedOn: string;
}

@InputType()
export class ReportTrustImpairedInput extends ContractMutationInput {
  @Field(() => TrustImpairedCauseEnum)
  @IsIn(TRUST_IMPAIRED_CAUSES)
  cause: TrustImpairedCause;

  @Field(() => Date)
  @IsDate()
  reportedAt: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class RequestRevocationInput extends ContractMutationInput {
  @Field(() => String, { description: 'CUSTOMER_REQUEST, PROHIBITED_ACT, BREACH (Art. 10) or NON_PAYMENT once the grace period is over (a RevocationReason).' })
  @IsIn(STAFF_REVOCATION_REASONS, { message: `reason must be ${STAFF_REVOCATION_REASONS.slice(0, -1).join(', ')} or ${STAFF_REVOCATION_REASONS.at(-1)}` })
  reason: InitiateRevocation['reason'];

  @Field(() => CrlReasonEnum, { nullable: true, description: "The customer's choice, CUSTOMER_REQUEST only (default UNSPECIFIED)." })
  @IsOptional()
  @IsIn(CRL_REASONS)
  crlReason?: CrlReason | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class NoticeTerminationInput extends ContractMutationInput {
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Art. 14: DOCUMENT — the paper notice’s date (today or up to 7 days back); EMAIL — optional, the notice is given when the e-mail goes out (today).',
  })
  @IsOptional()
  @IsString()
  noticedOn?: string | null;

  @Field(() => DateScalar)
  @IsString()
  effectiveOn: string;

  @Field(() => NotificationChannelEnum)
  @IsIn(NOTIFICATION_CHANNELS)
  channel: NotificationChannel;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason: string;
}

@InputType()
export class AssessCompensationInput extends ContractMutationInput {
  @Field(() => DateScalar)
  @IsString()
  incidentOn: string;
}

@InputType()
export class SuspendServiceInput extends MutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason: string;
}

@InputType()
export class ResumeServiceInput extends MutationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reason?: string | null;
}

@InputType()
export class ReviseTermsInput extends MutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INPUT_LIMITS.termsVersion)
  version: string;

  @Field(() => DateScalar)
  @IsString()
  effectiveFrom: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(ID_LENGTH)
  documentId?: string | null;
}

@InputType()
export class RetryProcessInput extends MutationInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1)
  @MaxLength(INPUT_LIMITS.reference)
  processId: string;
}

@InputType()
export class AdvanceClockInput extends MutationInput {
  @Field(() => Int, { nullable: true, description: 'Move the simulated clock forward by this many days…' })
  @ValidateIf((o: AdvanceClockInput) => o.to == null)
  @IsInt()
  @Min(1)
  @Max(3660)
  days?: number | null;

  @Field(() => Date, { nullable: true, description: '…or to this instant.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}

@InputType()
export class ContractFilter {
  @Field(() => String, { nullable: true, description: 'A ContractStatus.' })
  @IsOptional()
  @IsString()
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME)
  organizationName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(INPUT_LIMITS.fqdn)
  fqdn?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  submittedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  submittedTo?: Date | null;
}

@InputType()
export class CancelContractInput extends ContractMutationInput {
  @Field(() => CancellationReasonEnum)
  @IsIn(STAFF_CANCELLATION_REASONS)
  reason: (typeof STAFF_CANCELLATION_REASONS)[number];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}

@InputType()
export class RecordRevocationOutcomeInput extends ContractMutationInput {
  @Field(() => RevocationOutcomeEnum)
  @IsIn(['REVOKED', 'REJECTED'])
  outcome: 'REVOKED' | 'REJECTED';

  @Field(() => Date, { nullable: true, description: 'REVOKED: when the CA revoked the certificate.' })
  @IsOptional()
  @IsDate()
  revokedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'How the CA answered (telephone, portal, reference).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string | null;
}
