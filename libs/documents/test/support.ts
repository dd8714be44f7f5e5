import { randomBytes } from 'node:crypto';
import { DOCUMENTS_MIGRATIONS } from '@pfw/documents';
import { masterKeyId, PERSONAL_DATA_MIGRATIONS, type MasterKey } from '@pfw/personal-data';

/** The tables a document store uses: its own, and the key store its documents' keys live in. */
export const DOCUMENT_STORE_MIGRATIONS = { ...PERSONAL_DATA_MIGRATIONS, ...DOCUMENTS_MIGRATIONS };

/** Minimal files whose leading bytes are those of each accepted type, followed by some random content. */
export const samples = {
  pdf: (extra = 256) => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(extra), Buffer.from('\n%%EOF\n')]),
  png: (extra = 256) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(extra)]),
  jpeg: (extra = 256) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), randomBytes(extra), Buffer.from([0xff, 0xd9])]),
  text: () => Buffer.from('This is plain text pretending to be a PDF.\n'.repeat(20), 'utf8'),
};

/** A random master key for a test's key store. */
export function testMasterKey(): MasterKey {
  const key = randomBytes(32);
  return { key, id: masterKeyId(key), path: '(test)', created: false };
}
