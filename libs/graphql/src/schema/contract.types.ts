import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '../scalars/date.scalar';
import {
  CertificateStatusEnum,
  ContractStatusEnum,
  CrlReasonEnum,
  DeliveryMethodEnum,
  InvoiceStatusEnum,
  NotificationChannelEnum,
  NotificationKindEnum,
  OrganizationTypeEnum,
  RevocationReasonEnum,
  RevocationStatusEnum,
  RoleEnum,
  ScreeningFailureReasonEnum,
  StickerStatusEnum,
} from './enums';

/**
 * The `Contract` of API.md as admin UIs read it. A field whose fact has not happened yet is null; after
 * crypto-shredding the applicant's personal fields are null (API.md "Types").
 */

@ObjectType()
export class Actor {
  @Field(() => ID) id: string;
  @Field(() => RoleEnum) role: string;
}

@ObjectType()
export class Address {
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) prefecture: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) street: string | null;
}

@ObjectType()
export class Contact {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType()
export class Applicant {
  @Field(() => String, { nullable: true }) organizationName: string | null;
  @Field(() => OrganizationTypeEnum) organizationType: string;
  @Field(() => String, { nullable: true }) corporateNumber: string | null;
  @Field(() => Address, { nullable: true }) address: Address | null;
  @Field(() => String, { nullable: true }) representativeName: string | null;
  @Field(() => Contact, { nullable: true }) contact: Contact | null;
}

@ObjectType()
export class Payment {
  @Field(() => Int) amountJpy: number;
  @Field(() => DateScalar) paidOn: string;
  @Field() bankReference: string;
}

@ObjectType()
export class Invoice {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Tax-exclusive fee from the fee schedule (Art. 5).' }) subtotalJpy: number;
  @Field(() => Int, { description: 'Consumption tax, 10 %, rounded down once per invoice.' }) taxJpy: number;
  @Field(() => Int, { description: 'The total.' }) amountJpy: number;
  @Field(() => Int) paidJpy: number;
  @Field(() => DateScalar) issuedOn: string;
  @Field(() => DateScalar, { nullable: true, description: 'A paper invoice: the day recorded; an e-mailed one: the day its e-mail was sent; null until then (Art. 5).' })
  receivedOn: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Received on + 30 days, Japan time (Art. 5); null until the invoice is received.' }) dueOn: string | null;
  @Field(() => InvoiceStatusEnum) status: string;
  @Field({ description: "SECOM's qualified-invoice registration number (T + 13 digits)." }) registrationNumber: string;
  @Field(() => Int) outstandingJpy: number;
  @Field(() => Int) taxRatePercent: number;
  @Field(() => NotificationChannelEnum) channel: string;
  @Field(() => [Payment]) payments: Payment[];
  @Field(() => Date, { nullable: true }) overdueSince: string | null;
  @Field(() => DateScalar, { nullable: true }) settledOn: string | null;
}

@ObjectType()
export class Certificate {
  @Field({ description: 'Uppercase hex, as openssl x509 -serial prints it.' }) serialNumber: string;
  @Field(() => Date) notBefore: string;
  @Field(() => Date) notAfter: string;
  @Field({ description: 'Lowercase hex.' }) fingerprintSha256: string;
  @Field(() => CertificateStatusEnum, { description: 'EXPIRED once notAfter has passed.' }) status: string;
  @Field() pem: string;
  @Field() subject: string;
  @Field() issuer: string;
  @Field(() => ID) caOrderId: string;
  @Field(() => Date, { nullable: true }) deliveredAt: string | null;
  @Field(() => DeliveryMethodEnum, { nullable: true }) deliveryMethod: string | null;
  @Field(() => Date, { nullable: true }) revokedAt: string | null;
  @Field(() => CrlReasonEnum, { nullable: true }) crlReason: string | null;
}

@ObjectType()
export class Sticker {
  @Field(() => StickerStatusEnum) status: string;
  @Field(() => String, { nullable: true }) serial: string | null;
  @Field(() => DateScalar, { nullable: true }) shippedOn: string | null;
  @Field(() => Date, { nullable: true }) returnRequestedAt: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Art. 12: due back at once when the contract ends.' }) returnDueOn: string | null;
  @Field(() => DateScalar, { nullable: true }) returnedOn: string | null;
}

@ObjectType()
export class Revocation {
  @Field(() => RevocationReasonEnum) reason: string;
  @Field(() => CrlReasonEnum) crlReason: string;
  @Field(() => RevocationStatusEnum) status: string;
  @Field(() => Date) initiatedAt: string;
  @Field(() => Date, { nullable: true, description: 'When the request went to the CA.' }) requestedAt: string | null;
  @Field(() => Date, { nullable: true }) revokedAt: string | null;
  @Field(() => Date, { description: 'BR §4.9.1.1: 24 h or 5 days.' }) deadline: string;
  @Field({ description: 'Who may start it: CUSTOMER_REPORT, OPERATOR or SYSTEM.' }) initiator: string;
  @Field({ description: 'Art. 7(2): NONE, REVOCATION_NOTICE or TERMINATION_NOTICE before the request.' }) noticeRule: string;
  @Field(() => Date, { nullable: true }) noticeGivenAt: string | null;
  @Field(() => Actor) by: Actor;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [String]) serialNumbers: string[];
  @Field(() => String, { nullable: true, description: "The CA's error when it rejected the request." }) caError: string | null;
  @Field(() => ID, { nullable: true }) supersededBy: string | null;
}

@ObjectType()
export class Notification {
  @Field(() => NotificationKindEnum) kind: string;
  @Field(() => NotificationChannelEnum) channel: string;
  @Field(() => Date) sentAt: string;
  @Field(() => String, { nullable: true }) termsVersion: string | null;
}

@ObjectType()
export class DocumentReference {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() sha256: string;
}

@ObjectType()
export class ScreeningChecklist {
  @Field() japanBase: boolean;
  @Field() organizationEligible: boolean;
  @Field() noProhibitedActFound: boolean;
  @Field() documentsComplete: boolean;
}

@ObjectType()
export class Screening {
  @Field({ description: 'PASSED or FAILED.' }) result: string;
  @Field(() => Actor) by: Actor;
  @Field(() => Date) at: string;
  @Field(() => ScreeningChecklist, { nullable: true }) checklist: ScreeningChecklist | null;
  @Field(() => [ScreeningFailureReasonEnum]) reasons: string[];
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType()
export class Termination {
  @Field(() => DateScalar) noticedOn: string;
  @Field(() => DateScalar) effectiveOn: string;
  @Field(() => NotificationChannelEnum) channel: string;
  @Field() reason: string;
  @Field(() => Date, { nullable: true }) terminatedAt: string | null;
}

@ObjectType()
export class Contract {
  @Field(() => ID) id: string;
  @Field(() => ContractStatusEnum) status: string;
  @Field(() => Applicant) applicant: Applicant;
  @Field(() => Actor) submittedBy: Actor;
  @Field({ description: 'True once the applicant\'s personal data was destroyed (Art. 4): those fields are null.' }) personalDataShredded: boolean;
  @Field() webServerFqdn: string;
  @Field(() => Int) planMonths: number;
  @Field(() => DateScalar, { nullable: true }) coverageStartsOn: string | null;
  @Field(() => DateScalar, { nullable: true }) coverageEndsOn: string | null;
  @Field() stickerRequested: boolean;
  @Field(() => DeliveryMethodEnum) certificateDeliveryMethod: string;
  @Field(() => Address) deliveryAddress: Address;
  @Field({ description: 'The terms version in force at submission (Art. 13).' }) termsVersion: string;
  // governingTermsVersion: a field resolver (ContractQueriesResolver), computed at the time asked.
  @Field(() => Date) submittedAt: string;
  @Field(() => Date, { nullable: true }) acceptedAt: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was cancelled, revoked, expired or terminated.' }) endedAt: string | null;
  @Field(() => Invoice, { nullable: true }) invoice: Invoice | null;
  @Field(() => [Certificate]) certificates: Certificate[];
  @Field(() => Certificate, { nullable: true, description: 'The latest instance neither revoked nor expired.' }) currentCertificate: Certificate | null;
  @Field(() => Sticker) sticker: Sticker;
  @Field(() => Revocation, { nullable: true }) revocation: Revocation | null;
  @Field(() => [Notification]) notifications: Notification[];
  @Field(() => [DocumentReference]) documents: DocumentReference[];
  @Field() documentsDiscarded: boolean;
  @Field(() => [String]) outstandingDocumentKinds: string[];
  @Field(() => Screening, { nullable: true }) screening: Screening | null;
  @Field(() => Termination, { nullable: true }) termination: Termination | null;
  @Field(() => ID, { nullable: true }) renewalOf: string | null;
  @Field(() => ID, { nullable: true }) supersedes: string | null;
  @Field(() => Int, { description: 'The stream revision of the last event applied.' }) version: number;
  @Field({ description: 'Global log position of the last event applied.' }) position: string;
}

