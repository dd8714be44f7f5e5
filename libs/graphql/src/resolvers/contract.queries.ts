import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CLOCK, Clock } from '@pfw/clock';
import { DOMAIN_POLICY } from '@pfw/application';
import { Roles, STAFF_ROLES } from '@pfw/auth';
import { CONTRACT_STATUSES, ContractStatus, DomainPolicy, NotFound, OrganizationType } from '@pfw/domain';
import { ContractQueries, ContractView, governingTermsVersionOf, type TermsVersionView } from '@pfw/read-models';
import { apiError } from '../errors/api-error';
import type { ApiContext } from '../graphql-api.module';
import { decodeCursor, pageSize } from '../pagination/connection';
import { presentContract, PresentedContract } from '../presenters/contract.presenter';
import { ReadYourWrites } from './read-your-writes';
import { OrganizationTypeEnum } from '../schema/enums';
import { ContractFilter } from '../schema/inputs';
import { Contract } from '../schema/contract.types';
import { ContractConnection, PendingRevocationItem } from '../schema/connections';
import { CompensationPayload, FeeScheduleEntry } from '../schema/payloads';

/** The queries admin UIs read contracts with: by id, a filtered connection, and the work lists. */
@Resolver(() => Contract)
export class ContractQueriesResolver {
  /** Linked contracts (renewalOf, supersedes) of a whole page in one read. */
  private readonly linked = () => new DataLoader<string, ContractView | null>((ids) => this.queries.byIds(ids), { cache: true });
  private loaderByRequest = new WeakMap<object, DataLoader<string, ContractView | null>>();
  /**
   * The service's terms versions, asked once for all the contracts resolved together (a page, a work list)
   * that were not read with them. Not cached here: a subscription's context lives for hours, and a revision may
   * arrive meanwhile (ContractQueries keeps the list only while the shared database says it is current).
   */
  private readonly termsVersions = new DataLoader<'terms', readonly TermsVersionView[]>(
    async (keys) => {
      const termsVersions = await this.queries.termsVersions();
      return keys.map(() => termsVersions);
    },
    { cache: false },
  );

  constructor(
    private readonly queries: ContractQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOMAIN_POLICY) private readonly policy: DomainPolicy,
  ) {}

  private present = (view: ContractView): PresentedContract => presentContract(view, this.clock.now());

  /** The read model, once it shows every write this process's mutations answered with (read-your-writes). */
  private async fresh(): Promise<ContractQueries> {
    await this.readYourWrites.settled();
    return this.queries;
  }

  @Query(() => Contract, { nullable: true })
  async contract(@Args('id', { type: () => ID }) id: string): Promise<PresentedContract | null> {
    // The terms versions come with the view, in the same statement: governingTermsVersion needs no second read.
    const found = await (await this.fresh()).contractWithTerms(id);
    return found ? presentContract(found.view, this.clock.now(), found.termsVersions) : null;
  }

  @Query(() => ContractConnection)
  async contracts(
    @Args('filter', { type: () => ContractFilter, nullable: true }) filter?: ContractFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ContractConnection> {
    const size = pageSize(first);
    if (after) decodeCursor(after, (v): v is unknown => v !== undefined);
    const status = filter?.status ?? null;
    if (status !== null && !(CONTRACT_STATUSES as readonly string[]).includes(status)) {
      throw apiError('BAD_USER_INPUT', `filter.status: not a ContractStatus (${status})`, { field: 'filter.status' });
    }
    let page;
    try {
      page = await (await this.fresh()).list(
        {
          status: status as ContractStatus | null,
          organizationName: filter?.organizationName ?? null,
          fqdn: filter?.fqdn ?? null,
          submittedFrom: filter?.submittedFrom ?? null,
          submittedTo: filter?.submittedTo ?? null,
        },
        size,
        after ?? null,
      );
    } catch (err) {
      if (err instanceof RangeError || (err instanceof Error && /cursor/i.test(err.message))) {
        throw apiError('BAD_USER_INPUT', 'after: not a cursor this list gave out', { field: 'after' });
      }
      throw err;
    }
    return {
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.present(e.node) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [Contract], { description: 'Applications waiting for screening, oldest first (Art. 3, 4).' })
  async screeningQueue(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).screeningQueue()).map(this.present);
  }

  @Query(() => [Contract], { description: 'Invoices past their due date and not settled (Art. 5).' })
  async overdueInvoices(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).overdueInvoices()).map(this.present);
  }

  @Query(() => [Contract], { description: 'Contracts whose current certificate expires within the given days.' })
  async expiringCertificates(@Args('withinDays', { type: () => Int, defaultValue: 30 }) withinDays: number): Promise<PresentedContract[]> {
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 400) {
      throw apiError('BAD_USER_INPUT', 'withinDays: must be from 0 to 400', { field: 'withinDays' });
    }
    return (await (await this.fresh()).expiringCertificates(withinDays, this.clock.now())).map(this.present);
  }

  @Query(() => [Contract], { description: 'Requested stickers not shipped yet (Art. 4(5)).' })
  async stickersToShip(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).stickersToShip()).map(this.present);
  }

  @Query(() => [Contract], { description: 'Stickers due back and not returned (Art. 12).' })
  async outstandingStickers(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).outstandingStickers()).map(this.present);
  }

  @Query(() => [Contract], { description: 'Certificates sent by post with no delivery confirmed within 14 days of issuance (Art. 4(4)).' })
  async deliveriesPending(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).deliveriesPending(this.clock.now())).map(this.present);
  }

  @Query(() => [CompensationPayload], { description: 'Every compensation assessed on the contract, oldest first (Art. 15).' })
  async compensationAssessments(@Args('contractId', { type: () => ID }) contractId: string): Promise<CompensationPayload[]> {
    const view = await (await this.fresh()).byId(contractId);
    if (!view) throw new NotFound('contract', contractId);
    return view.compensations.map((a) => ({
      amountJpy: a.amountJpy, contractFeeJpy: a.contractFeeJpy, feeReceivedJpy: a.feeReceivedJpy, remainingWholeMonths: a.remainingWholeMonths,
      totalMonths: a.planMonths, clientMutationId: null,
    }));
  }

  @Query(() => [Contract], { description: 'Revocations not finished, most urgent first (BR §4.9.1.1 deadlines).' })
  async pendingRevocations(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).pendingRevocations(this.clock.now())).map((p) => this.present(p.contract));
  }

  // Not an API.md operation, so OPERATION_ROLES does not list it: the guard refuses a root field without an
  // entry or a @Roles. It shows what pendingRevocations shows, so the same roles (any) may read it.
  @Query(() => [PendingRevocationItem], { description: 'pendingRevocations with how close each is to its deadline.' })
  @Roles(...STAFF_ROLES)
  async pendingRevocationDeadlines(): Promise<PendingRevocationItem[]> {
    return (await (await this.fresh()).pendingRevocations(this.clock.now())).map((p) => ({
      contract: this.present(p.contract),
      deadline: p.deadline,
      remainingMinutes: Math.floor(p.remainingMs / 60_000),
      urgent: p.urgent,
      overdue: p.overdue,
    }));
  }

  @Query(() => [Contract], { description: 'Active contracts whose certificate lapsed or is about to, with no reissue under way (Art. 11).' })
  async reissuesDue(): Promise<PresentedContract[]> {
    return (await (await this.fresh()).reissuesDue(this.clock.now())).map(this.present);
  }

  @Query(() => [String], { description: 'The document kinds required for an organization type (Art. 4(1)).' })
  documentRequirements(@Args('organizationType', { type: () => OrganizationTypeEnum }) organizationType: OrganizationType): string[] {
    return [...this.policy.requiredDocuments[organizationType]];
  }

  @Query(() => [FeeScheduleEntry], { description: 'Fees by plan, tax-exclusive integer yen (Art. 5).' })
  feeSchedule(): FeeScheduleEntry[] {
    return [...this.policy.feeSchedule].map((f) => ({ planMonths: f.planMonths, amountJpy: f.amountJpy })).sort((a, b) => a.planMonths - b.planMonths);
  }

  @ResolveField(() => String, {
    description: 'The terms version governing the contract (Art. 13): the latest in force now (for a closed contract, on its last day), told or not.',
  })
  async governingTermsVersion(@Parent() parent: PresentedContract): Promise<string> {
    return governingTermsVersionOf(parent, parent.termsVersions ?? (await this.termsVersions.load('terms')), parent.presentedAt);
  }

  @ResolveField(() => Contract, { nullable: true, description: 'The contract this one renews (Art. 11).' })
  async renewalOfContract(@Parent() parent: PresentedContract, @Context() ctx: ApiContext): Promise<PresentedContract | null> {
    return this.linkedContract(ctx, parent.renewalOf);
  }

  @ResolveField(() => Contract, { nullable: true, description: 'The contract this one replaces (Art. 8, 9).' })
  async supersedesContract(@Parent() parent: PresentedContract, @Context() ctx: ApiContext): Promise<PresentedContract | null> {
    return this.linkedContract(ctx, parent.supersedes);
  }

  private async linkedContract(ctx: ApiContext, id: string | null): Promise<PresentedContract | null> {
    if (!id) return null;
    // One loader per request: the links of a whole page are read in one query, not one per contract.
    let loader = this.loaderByRequest.get(ctx);
    if (!loader) {
      loader = this.linked();
      this.loaderByRequest.set(ctx, loader);
    }
    const view = await loader.load(id);
    return view ? this.present(view) : null;
  }
}
