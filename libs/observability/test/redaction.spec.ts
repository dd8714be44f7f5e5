import { Writable } from 'node:stream';
import pino from 'pino';
import { loggedUrl, REDACTED_PATHS } from '@pfw/observability';

/** A pino logger configured as ObservabilityModule configures it, writing into a string. */
function capture(): { logger: pino.Logger; text: () => string } {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink), text: () => out };
}

describe('logs keep no personal data (issue 8)', () => {
  it('blanks personal fields, GraphQL variables and bodies wherever a logged object carries them (three levels deep)', () => {
    const { logger, text } = capture();
    logger.info({
      email: 'top@example.co.jp',
      input: { applicant: { organizationName: '株式会社ログ' }, contact: { email: 'nested@example.co.jp', phone: '09011112222' } },
      graphql: { variables: { i: { note: '山田様に電話' } }, operationName: 'submitApplication' },
      notice: { recipient: 'recipient@example.co.jp', kind: 'SCREENING_RESULT' },
      req: { body: { query: 'mutation { … }' }, headers: { authorization: 'Bearer x' } },
    }, 'something happened');
    const line = text();
    for (const secret of ['top@example.co.jp', '株式会社ログ', 'nested@example.co.jp', '09011112222', '山田様', 'recipient@example.co.jp', 'mutation {', 'Bearer x']) {
      expect(line).not.toContain(secret);
    }
    // What is not personal stays readable.
    expect(JSON.parse(line)).toMatchObject({ msg: 'something happened', graphql: { operationName: 'submitApplication' }, notice: { kind: 'SCREENING_RESULT' } });
  });

  it('logs a request URL without its query string (GraphQL over GET carries variables there)', () => {
    expect(loggedUrl('/graphql?query=%7Bcontracts(filter%3A%7BorganizationName%3A%22X%22%7D)%7D&variables=%7B%7D')).toBe('/graphql?[redacted]');
    expect(loggedUrl('/documents/3f1c')).toBe('/documents/3f1c');
    expect(loggedUrl(undefined)).toBe('');
  });
});
