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
export class Invoice {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Tax-exclusive fee from the fee schedule (Art. 5).' }) subtotalJpy: number;
  @Field(() => Int, { description: 'Consumption tax, 10 %, rounded down once per invoice.' }) taxJpy: number;
  @Field(() => Int, { description: 'The total.' }) amountJpy: number;
  @Field(() => Int) paidJpy: number;
  @Field(() => DateScalar) issuedOn: string;
  @Field(() => DateScalar, { nullable: true }) receivedOn: string | null;
  @Field(() => DateScalar, { description: 'Received on + 30 days, Japan time (Art. 5).' }) dueOn: string;
  @Field(() => InvoiceStatusEnum) status: string;
  @Field(() => String, { nullable: true, description: "SECOM's qualified-invoice registration number." }) registrationNumber: string | null;
}

@ObjectType()
export class Certificate {
  @Field({ description: 'Uppercase hex, as openssl x509 -serial prints it.' }) serialNumber: string;
  @Field(() => Date) notBefore: Date;
  @Field(() => Date) notAfter: Date;
  @Field({ description: 'Lowercase hex.' }) fingerprintSha256: string;
  @Field(() => CertificateStatusEnum) status: string;
  @Field() pem: string;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => CrlReasonEnum, { nullable: true }) crlReason: string | null;
}

@ObjectType()
export class Sticker {
  @Field(() => StickerStatusEnum) status: string;
  @Field(() => String, { nullable: true }) serial: string | null;
  @Field(() => DateScalar, { nullable: true }) shippedOn: string | null;
  @Field(() => Date, { nullable: true }) returnRequestedAt: Date | null;
  @Field(() => DateScalar, { nullable: true }) returnedOn: string | null;
}

@ObjectType()
export class Revocation {
  @Field(() => RevocationReasonEnum) reason: string;
  @Field(() => CrlReasonEnum) crlReason: string;
  @Field(() => RevocationStatusEnum) status: string;
  @Field(() => Date, { nullable: true }) initiatedAt: Date | null;
  @Field(() => Date, { nullable: true }) requestedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'BR §4.9.1.1: 24 h or 5 days from the request.' }) deadline: Date | null;
  @Field({ description: 'Art. 7(2): the customer must be told before the request.' }) noticeRequired: boolean;
  @Field(() => Date, { nullable: true }) noticeSentAt: Date | null;
}

@ObjectType()
export class Notification {
  @Field(() => NotificationKindEnum) kind: string;
  @Field(() => NotificationChannelEnum) channel: string;
  @Field(() => Date) sentAt: Date;
}

@ObjectType()
export class DocumentReference {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() sha256: string;
}

@ObjectType()
export class Screening {
  @Field() passed: boolean;
  @Field() by: string;
  @Field(() => Date) at: Date;
  @Field(() => [ScreeningFailureReasonEnum]) reasons: string[];
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType()
export class Termination {
  @Field(() => DateScalar) noticedOn: string;
  @Field(() => DateScalar) effectiveOn: string;
  @Field(() => NotificationChannelEnum) channel: string;
  @Field() reason: string;
}

@ObjectType()
export class Contract {
  @Field(() => ID) id: string;
  @Field(() => ContractStatusEnum) status: string;
  @Field(() => Applicant) applicant: Applicant;
  @Field({ description: 'True once the applicant\'s personal data was destroyed (Art. 4): those fields are null.' }) personalDataShredded: boolean;
  @Field() webServerFqdn: string;
  @Field(() => Int) planMonths: number;
  @Field(() => DateScalar, { nullable: true }) coverageStartsOn: string | null;
  @Field(() => DateScalar, { nullable: true }) coverageEndsOn: string | null;
  @Field() stickerRequested: boolean;
  @Field(() => DeliveryMethodEnum) certificateDeliveryMethod: string;
  @Field(() => Address, { nullable: true }) deliveryAddress: Address | null;
  @Field() termsVersion: string;
  @Field() governingTermsVersion: string;
  @Field(() => Date) submittedAt: Date;
  @Field(() => Date, { nullable: true }) acceptedAt: Date | null;
  @Field(() => Invoice, { nullable: true }) invoice: Invoice | null;
  @Field(() => [Certificate]) certificates: Certificate[];
  @Field(() => Certificate, { nullable: true }) currentCertificate: Certificate | null;
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
}

@ObjectType()
export class Actor {
  @Field(() => ID) id: string;
  @Field(() => RoleEnum) role: string;
}
