import { INestApplication } from '@nestjs/common';
import { Args, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { apiError, ConnectionType, DateScalar, GraphqlApiModule, pageSize, toConnection, decodeCursor } from '@pfw/graphql';

@ObjectType()
class Thing {
  @Field()
  name: string;

  @Field(() => [Thing])
  children: Thing[];
}
const ThingConnection = ConnectionType(Thing);

@InputType()
class ContactInput {
  @Field()
  @IsEmail({}, { message: 'must be an e-mail address' })
  email: string;
}

@InputType()
class MakeThingInput {
  @Field()
  @MaxLength(10)
  name: string;

  @Field(() => ContactInput)
  @ValidateNested()
  @Type(() => ContactInput)
  contact: ContactInput;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsString()
  on?: string;
}

const names = Array.from({ length: 5 }, (_, i) => `t${i}`);
const thing = (name: string): Thing => ({ name, children: [] });
const isIndex = (v: unknown): v is number => typeof v === 'number';

@Resolver()
class TestResolver {
  made: string[] = [];

  @Query(() => Thing)
  tree(): Thing {
    const leaf = thing('leaf');
    let node = leaf;
    for (let i = 0; i < 20; i++) node = { name: `n${i}`, children: [node] };
    return node;
  }

  @Query(() => ThingConnection)
  things(@Args('first', { type: () => Int, nullable: true }) first?: number, @Args('after', { nullable: true }) after?: string) {
    const limit = pageSize(first);
    const start = after ? decodeCursor(after, isIndex) + 1 : 0;
    const rows = names.map((n, i) => ({ i, n })).slice(start, start + limit + 1);
    return toConnection(rows, limit, names.length, (r) => r.i, (r) => thing(r.n));
  }

  @Query(() => String)
  broken(): string {
    throw new Error('SELECT * FROM secret_table failed at /srv/app/x.js:1');
  }

  @Query(() => String)
  refused(): string {
    throw apiError('RULE_VIOLATION', 'termination needs 3 months notice', { article: 'Art. 14' });
  }

  @Mutation(() => String)
  makeThing(@Args('input') input: MakeThingInput): string {
    this.made.push(input.name);
    return input.name;
  }
}

async function appWith(production: boolean): Promise<INestApplication> {
  const module = await Test.createTestingModule({
    imports: [GraphqlApiModule.forRoot({ production })],
    providers: [TestResolver],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('GraphQL API conventions', () => {
  let app: INestApplication;
  const gql = (query: string, variables?: Record<string, unknown>) =>
    request(app.getHttpServer()).post('/graphql').send({ query, variables });

  beforeAll(async () => {
    app = await appWith(false);
  });
  afterAll(() => app.close());

  it('hides internal errors: a generic message, no stack trace, no internal text', async () => {
    const res = await gql('{ broken }');
    expect(res.body.errors[0]).toEqual(
      expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/secret_table|stacktrace|\.js:/);
  });

  it('passes a rule violation with its article', async () => {
    const res = await gql('{ refused }');
    expect(res.body.errors[0].extensions).toEqual({ code: 'RULE_VIOLATION', article: 'Art. 14' });
  });

  it('answers BAD_USER_INPUT naming the field for a class-validator failure, and runs nothing', async () => {
    const res = await gql('mutation($i: MakeThingInput!) { makeThing(input: $i) }', { i: { name: 'ok', contact: { email: 'nope' } } });
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.contact.email' });
    expect(res.body.errors[0].message).toContain('must be an e-mail address');
    const long = await gql('mutation($i: MakeThingInput!) { makeThing(input: $i) }', { i: { name: 'x'.repeat(11), contact: { email: 'a@b.jp' } } });
    expect(long.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(app.get(TestResolver).made).toEqual([]);
  });

  it('refuses an impossible Date with BAD_USER_INPUT', async () => {
    const res = await gql('mutation { makeThing(input: { name: "a", contact: { email: "a@b.jp" }, on: "2026-02-30" }) }');
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const ok = await gql('mutation { makeThing(input: { name: "a", contact: { email: "a@b.jp" }, on: "2028-02-29" }) }');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data).toEqual({ makeThing: 'a' });
  });

  it('does not echo a rejected variable (personal data) in the error', async () => {
    const res = await gql('mutation($i: MakeThingInput!) { makeThing(input: $i) }', { i: { name: '秘密の名前', contact: { email: 42 } } });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.text).not.toContain('秘密の名前');
  });

  it('refuses wrong types before any resolver runs', async () => {
    const res = await gql('mutation($i: MakeThingInput!) { makeThing(input: $i) }', { i: { name: 5, contact: { email: 'a@b.jp' } } });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses queries nested deeper than the limit', async () => {
    let selection = 'name';
    for (let i = 0; i < 14; i++) selection = `name children { ${selection} }`;
    const res = await gql(`{ tree { ${selection} } }`);
    expect(res.body.errors[0].extensions).toEqual({ code: 'TOO_COMPLEX' });
    expect(res.body.errors[0].message).toMatch(/nested \d+ levels deep/);
  });

  it('pages a Relay connection with cursors and a bounded page size', async () => {
    const page1 = await gql('{ things(first: 2) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }');
    expect(page1.body.data.things.edges.map((e: { node: Thing }) => e.node.name)).toEqual(['t0', 't1']);
    expect(page1.body.data.things.totalCount).toBe(5);
    expect(page1.body.data.things.pageInfo.hasNextPage).toBe(true);
    const after = page1.body.data.things.pageInfo.endCursor;
    const page3 = await gql('query($a: String) { things(first: 3, after: $a) { edges { node { name } } pageInfo { hasNextPage } } }', { a: after });
    expect(page3.body.data.things.edges.map((e: { node: Thing }) => e.node.name)).toEqual(['t2', 't3', 't4']);
    expect(page3.body.data.things.pageInfo.hasNextPage).toBe(false);
    const tooMany = await gql('{ things(first: 101) { totalCount } }');
    expect(tooMany.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await gql('{ things(after: "garbage") { totalCount } }');
    expect(badCursor.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('keeps introspection off in production', async () => {
    const prod = await appWith(true);
    try {
      const res = await request(prod.getHttpServer()).post('/graphql').send({ query: '{ __schema { types { name } } }' });
      expect(res.body.errors[0].message).toMatch(/introspection/i);
      expect(res.body.data).toBeUndefined();
    } finally {
      await prod.close();
    }
  });
});

describe('error messages', () => {
  it('do not echo a rejected variable value (it may hold personal data)', () => {
    const { withoutEchoedValue } = jest.requireActual('@pfw/graphql') as typeof import('@pfw/graphql');
    expect(
      withoutEchoedValue('Variable "$i" got invalid value { name: "山田 太郎", email: "taro@example.jp" } at "i.contact"; Field "phone" of required type "String!" was not provided.'),
    ).toBe('Variable "$i" got an invalid value at "i.contact"; Field "phone" of required type "String!" was not provided.');
    expect(withoutEchoedValue('Variable "$n" got invalid value "x; y"; Int cannot represent non-integer value: "x; y"')).toBe(
      'Variable "$n" got an invalid value; Int cannot represent non-integer value.',
    );
    expect(withoutEchoedValue('Cannot query field "x" on type "Query".')).toBe('Cannot query field "x" on type "Query".');
  });
});
