import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { JsonScalar } from '../scalars/json.scalar';
import { ConnectionType } from '../pagination/connection';
import { Actor } from './contract.types';

/** One event of the log with its envelope, as auditors read it (API.md `AuditEvent`). */
@ObjectType()
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field() streamId: string;
  @Field(() => Int) revision: number;
  @Field({ description: 'Global log position (decimal).' }) position: string;
  @Field() type: string;
  @Field(() => Int) schemaVersion: number;
  @Field(() => Date, { description: 'When it happened (the domain clock).' }) occurredAt: Date;
  @Field(() => Date, { description: 'When the store recorded it.' }) recordedAt: Date;
  @Field(() => Actor) actor: Actor;
  @Field() commandName: string;
  @Field() correlationId: string;
  @Field(() => String, { nullable: true }) causationId: string | null;
  @Field(() => String, { nullable: true }) termsVersion: string | null;
  @Field(() => JsonScalar, { description: 'The payload as decoded (personal fields null once shredded).' }) data: unknown;
  @Field({ description: 'RFC 6962 leaf hash of the event as stored, base64: SHA-256(0x00 ‖ RFC 8785 bytes).' }) leafHash: string;
}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEvent) {}

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  streamId?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actorId?: string | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt at or after this instant.' })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt at or before this instant.' })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
  to?: Date | null;
}

/** A signed tree head: the log's size and root, signed with the audit key (Ed25519). */
@ObjectType()
export class AuditCheckpoint {
  @Field(() => Int) treeSize: number;
  @Field({ description: 'Merkle tree root, base64.' }) rootHash: string;
  @Field({ description: 'Ed25519 signature over the RFC 6962 TreeHeadSignature bytes, base64.' }) signature: string;
  @Field({ description: 'The raw 32-byte Ed25519 public key, base64.' }) publicKey: string;
  @Field(() => Date) signedAt: Date;
}

/** A signed tree head as RFC 6962 signs it: `timestamp` in whole milliseconds (decimal), for recomputing the signed bytes. */
@ObjectType()
export class AuditTreeHead {
  @Field(() => Int) treeSize: number;
  @Field({ description: 'Merkle tree root, base64.' }) rootHash: string;
  @Field({ description: 'Milliseconds since the Unix epoch, decimal: the signed timestamp.' }) timestamp: string;
  @Field({ description: 'Ed25519 signature over the 50 TreeHeadSignature bytes, base64.' }) signature: string;
  @Field({ description: 'The raw 32-byte Ed25519 public key, base64.' }) publicKey: string;
}

/** What an auditor needs to check one event offline: its leaf entry, its hash, and its RFC 9162 inclusion proof against a signed head. */
@ObjectType()
export class AuditProof {
  @Field(() => ID) eventId: string;
  @Field() position: string;
  @Field(() => Int) leafIndex: number;
  @Field({ description: 'SHA-256(0x00 ‖ RFC 8785 bytes of entry), base64.' }) leafHash: string;
  @Field(() => JsonScalar, { description: 'The event exactly as stored (data as stored: ciphertext stays ciphertext), as hashed.' }) entry: unknown;
  @Field(() => [String], { description: 'RFC 9162 PATH(leafIndex, D[treeSize]), sibling first, base64.' }) proof: string[];
  @Field(() => AuditTreeHead) treeHead: AuditTreeHead;
}
