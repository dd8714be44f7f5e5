import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_QUERY_LIMITS, measureOperation, operationOverLimits } from '@pfw/graphql';

/** The cost model on the committed schema (security review, finding 2: the old estimate undercounted). */
const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));
const limits = DEFAULT_QUERY_LIMITS;

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(schema, document, operation, variables, limits);
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('measureOperation (cost from each field’s real maximum)', () => {
  it('a work list counts the 500 contracts it may answer, not one', () => {
    expect(measure('{ screeningQueue { id status } }').cost).toBe(1 + 500 * 2);
  });

  it('a name ending in "s" is not a list, and a list not ending in "s" is one: types decide', () => {
    // `serviceStatus` is an object; `stuckProcesses` a root list; `documentRequirements` a list of scalars.
    expect(measure('{ serviceStatus { suspended reason } }').cost).toBe(3);
    expect(measure('{ stuckProcesses { id kind } }').cost).toBe(1 + 500 * 2);
    expect(measure('{ documentRequirements(organizationType: CORPORATION) }').cost).toBe(1);
  });

  it('a connection counts its `first` (a variable too), its edges not again; nested lists count their bound', () => {
    expect(measure('{ contracts(first: 50) { edges { node { id } } } }').cost).toBe(1 + 50 * (1 + 1 * (1 + 1)));
    expect(measure('query($n: Int) { contracts(first: $n) { edges { node { id } } } }', { n: 7 }).cost).toBe(1 + 7 * 3);
    expect(measure('{ contracts { edges { node { id } } } }').cost).toBe(1 + limits.defaultPageSize * 3);
    expect(measure('{ contract(id: "x") { documents { id kind } } }').cost).toBe(1 + (1 + limits.nestedListSize * 2));
  });

  it('auditLog counts the events it may scan (decoded and decrypted), whatever `first` says', () => {
    expect(measure('{ auditLog(first: 1) { edges { node { eventId } } } }').cost).toBeGreaterThan(50_000);
    expect(measure(aliases(5, 'auditLog(first: 1) { totalCount }')).cost).toBeGreaterThan(limits.maxCost);
  });

  it('the 3,000-alias query of screeningQueue is far over every limit', () => {
    const m = measure(aliases(3000, 'screeningQueue { id }'));
    expect(m.aliases).toBe(3000);
    expect(m.rootFields).toBe(3000);
    expect(m.cost).toBeGreaterThan(1_000_000);
  });

  it('fragments are expanded where spread; depth counts through them', () => {
    const m = measure('fragment C on Contract { id documents { id } } { contract(id: "x") { ...C } screeningQueue { ...C } }');
    expect(m.cost).toBe(1 + (1 + 1 + 10) + 1 + 500 * (1 + 1 + 10));
    expect(m.depth).toBe(3);
    expect(m.rootFields).toBe(2);
    expect(m.aliases).toBe(0);
  });

  it('a work list with a screener’s everyday selection stays allowed', () => {
    const m = measure('{ screeningQueue { id status webServerFqdn submittedAt applicant { organizationName organizationType } documents { id kind sha256 } outstandingDocumentKinds } }');
    expect(m.cost).toBeLessThanOrEqual(limits.maxCost);
  });

  describe('measured once per document (Apollo hands out the same parsed document for the same query text)', () => {
    const operationOf = (document: ReturnType<typeof parse>) =>
      document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

    it('given a document measured before, when it is measured again, then the answer is the same and it is still refused over the limits', () => {
      const document = parse(aliases(40, 'serviceStatus { suspended }'));
      const first = measureOperation(schema, document, operationOf(document), {}, limits);
      const again = measureOperation(schema, document, operationOf(document), {}, limits);
      expect(again).toEqual(first);
      expect(first.aliases).toBe(40);
      expect(operationOverLimits(schema, document, operationOf(document), {}, limits)?.extensions.code).toBe('TOO_COMPLEX');
      expect(operationOverLimits(schema, document, operationOf(document), {}, limits)?.extensions.code).toBe('TOO_COMPLEX');
    });

    it('given a cost that depends on a variable, when the same document comes with another value, then it is measured with that value', () => {
      const document = parse('query($n: Int) { contracts(first: $n) { edges { node { id } } } }');
      expect(measureOperation(schema, document, operationOf(document), { n: 7 }, limits).cost).toBe(1 + 7 * 3);
      expect(measureOperation(schema, document, operationOf(document), { n: 300 }, limits).cost).toBe(1 + 300 * 3);
    });

    it('given other limits, when the same document is measured under them, then they decide', () => {
      const document = parse('{ contracts { edges { node { id } } } }');
      expect(measureOperation(schema, document, operationOf(document), {}, limits).cost).toBe(1 + limits.defaultPageSize * 3);
      expect(measureOperation(schema, document, operationOf(document), {}, { ...limits, defaultPageSize: 5 }).cost).toBe(1 + 5 * 3);
    });
  });
});
