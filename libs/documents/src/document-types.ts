import { DOCUMENT_KIND_PATTERN, INPUT_LIMITS } from '@pfw/domain';

/**
 * The file types POST /documents accepts (API.md "HTTP"), judged by their leading bytes only: the name and
 * the Content-Type the client sends are never trusted.
 */
export type DocumentContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

interface Signature {
  readonly contentType: DocumentContentType;
  readonly magic: Buffer;
  readonly extension: string;
}

const SIGNATURES: readonly Signature[] = [
  // ISO 32000: a PDF file starts with "%PDF-" followed by the version.
  { contentType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1'), extension: '.pdf' },
  // PNG (RFC 2083 §3.1): the fixed eight-byte signature.
  { contentType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), extension: '.png' },
  // JPEG: SOI (FF D8) followed by the first marker's FF.
  { contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]), extension: '.jpg' },
];

/** How many leading bytes `sniffContentType` needs to decide. */
export const SNIFF_BYTES = Math.max(...SIGNATURES.map((s) => s.magic.length));

/** The content type the leading bytes announce, or null when they match none of the accepted types. */
export function sniffContentType(head: Uint8Array): DocumentContentType | null {
  for (const { contentType, magic } of SIGNATURES) {
    if (head.length >= magic.length && Buffer.from(head.buffer, head.byteOffset, magic.length).equals(magic)) return contentType;
  }
  return null;
}

/** The usual file extension of an accepted type (for the download's file name). */
export function extensionOf(contentType: DocumentContentType): string {
  return SIGNATURES.find((s) => s.contentType === contentType)!.extension;
}

export function isDocumentContentType(value: unknown): value is DocumentContentType {
  return SIGNATURES.some((s) => s.contentType === value);
}

/** Largest upload accepted (the domain's INPUT_LIMITS.documentBytes, 10 MB). */
export const MAX_DOCUMENT_BYTES = INPUT_LIMITS.documentBytes;

export function isDocumentKind(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_KIND_PATTERN.test(value);
}
