import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { verifyAuditLog } from '@pfw/audit';
import { mintToken, Role, type StaffRole } from '@pfw/auth';
import { CLOCK, type SimulatedClock } from '@pfw/clock';
import { DEFAULT_POLICY } from '@pfw/domain';
import { makeCsrPem } from './support/csr';
import { accept, CONTRACT_FIELDS, CORPORATE_NUMBER, issueCertificate, mutate, SECRET_BYTES, STAFF, until, pdfBytes, startApi, submit, uniqueFqdn, type ApiHarness } from './support/api';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
/** Where the run leaves a screenshot of each page (a few are committed under docs/console/). */
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? join(__dirname, '..', 'dist', 'console-screenshots');

/**
 * The staff console in a real browser (Debian's Chromium through playwright-core), served by the api at /admin
 * as npm start serves it, with the sagas running and the simulated clock: the whole day of a screener, a billing
 * clerk, an operator, an administrator and an auditor, one live dashboard watching.
 */
(present ? describe : describe.skip)(`the staff console in Chromium${present ? '' : ` (skipped: no browser at ${CHROMIUM}; apt-get install chromium)`}`, () => {
  let api: ApiHarness;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // Builds the console only when its sources changed since the last build (as npm start does).
    execFileSync(process.execPath, [join(__dirname, '..', 'apps', 'admin', 'build.mjs')], { stdio: 'inherit' });
    api = await startApi({ env: { ROLE: 'all', CLOCK: 'simulated' } });
    await api.app.listen(0, '127.0.0.1');
    base = `${(await api.app.getUrl()).replace('[::1]', '127.0.0.1')}/admin/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function signedIn(role: StaffRole, path = '', at: { readonly base: string; readonly api: ApiHarness } = { base, api }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`${role} page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`${role} console error: ${msg.text()}`);
    });
    await page.goto(at.base + path);
    await page.getByLabel('アクセストークン (JWT)').fill(at.api.token(role));
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByTestId('signed-in').waitFor();
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const card = (page: Page, list: string) => page.getByTestId(`list-${list}`);
  /** Picks an option of an antd Select by its field label (the open dropdown is rendered at the page's end). */
  const choose = async (page: Page, form: Locator, label: string, option: string) => {
    // Forced: once a value is chosen, its label lies over the search input (the click lands on the same selector).
    // A forced click skips the wait for a panel still opening, so under load it can miss: open it again, up to 3 times.
    const input = form.getByLabel(label, { exact: true });
    await input.waitFor();
    const item = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`);
    for (let attempt = 1; ; attempt++) {
      try {
        // A form still sliding in can leave the input outside the viewport for a moment: that attempt fails too.
        await input.click({ force: true });
        await item.click({ timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  };
  const contract = async (id: string, on: ApiHarness = api) => (await on.gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id })).body.data!.contract;

  it('a screener submits and passes an application while a second page’s dashboard follows live; billing records the payment; an operator ships the sticker', async () => {
    const dashboard = await signedIn(Role.ADMIN);
    await card(dashboard, 'SCREENING_QUEUE').waitFor();
    await shot(dashboard, 'dashboard-empty');

    const screener = await signedIn(Role.SCREENER, 'contracts');
    await screener.getByRole('heading', { name: '契約一覧' }).waitFor();
    const fqdn = uniqueFqdn('console');
    const form = screener.getByRole('form', { name: '新規申込' });
    const fill = (label: string, value: string) => form.getByLabel(label, { exact: true }).fill(value);
    await fill('organizationName', '株式会社コンソール');
    await fill('corporateNumber', CORPORATE_NUMBER);
    await fill('representativeName', '山田 太郎');
    await fill('postalCode', '150-0001');
    await fill('prefecture', '東京都');
    await fill('city', '渋谷区');
    await fill('street', '神宮前1-5-1');
    await fill('contact.name', '佐藤 花子');
    await fill('contact.email', 'hanako@example.co.jp');
    await fill('contact.phone', '03-1234-5678');
    await fill('webServerFqdn', fqdn);
    await form.getByLabel('stickerRequested').check();
    await fill('csrPem (PEM)', await makeCsrPem(fqdn));
    const kinds = DEFAULT_POLICY.requiredDocuments.CORPORATION;
    const inputs = form.locator('input[type=file]');
    for (let i = 0; i < kinds.length; i++) {
      await inputs.nth(i).setInputFiles({ name: `${kinds[i]}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(kinds[i]!) });
    }
    await shot(screener, 'contracts-new-application');
    await form.locator('button[type=submit]').click();
    await screener.getByTestId('contract-status').filter({ hasText: 'SUBMITTED' }).waitFor();
    const id = screener.url().split('/').pop()!;

    // The other page's dashboard: the application entered the screening queue, without a reload.
    await card(dashboard, 'SCREENING_QUEUE').getByText(fqdn).waitFor();
    await shot(dashboard, 'dashboard-live');

    await screener.getByText('passScreening', { exact: true }).first().click();
    for (const item of ['japanBase', 'organizationEligible', 'noProhibitedActFound', 'documentsComplete']) await screener.getByLabel(item).check();
    await screener.locator('form#passScreening button[type=submit]').click();
    await card(dashboard, 'SCREENING_QUEUE').getByText(fqdn).waitFor({ state: 'detached' });

    // The sagas invoice and issue; the sticker waits to be shipped.
    await until('issued and invoiced', () => contract(id), (c) => c.status === 'ACTIVE' && c.invoice?.status === 'OPEN', 60_000);
    await card(dashboard, 'STICKERS_TO_SHIP').getByText(fqdn).waitFor();

    const billing = await signedIn(Role.BILLING, `contracts/${id}`);
    await billing.getByTestId('contract-status').waitFor();
    await billing.getByText('recordPayment', { exact: true }).first().click();
    const amount = (await contract(id)).invoice.amountJpy as number;
    await billing.getByLabel('amountJpy').fill('0');
    await billing.getByLabel('bankReference').fill('MIZUHO-0001');
    await billing.locator('form#recordPayment button[type=submit]').click();
    // The API's refusal shows beside its field; the corrected amount then settles the invoice.
    await billing.locator('.ant-form-item-has-error').filter({ hasText: 'amountJpy' }).waitFor();
    await shot(billing, 'contract-payment-error');
    await billing.getByLabel('amountJpy').fill(String(amount));
    await billing.locator('form#recordPayment button[type=submit]').click();
    await billing.getByText('SETTLED').first().waitFor();

    const operator = await signedIn(Role.OPERATOR, `contracts/${id}`);
    await operator.getByText('recordStickerShipped', { exact: true }).first().click();
    await operator.getByLabel('stickerSerial').fill('STK-000123');
    await operator.locator('form#recordStickerShipped button[type=submit]').click();
    await operator.getByText('LENT').first().waitFor();
    await card(dashboard, 'STICKERS_TO_SHIP').getByText(fqdn).waitFor({ state: 'detached' });
    await shot(operator, 'contract-page');
  }, 240_000);

  it('the simulated clock runs an unpaid contract to its revocation: the pending revocation shows its countdown, then clears', async () => {
    const { id, fqdn } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
    await accept(api, id);
    await until('issued', () => contract(id), (c) => c.status === 'ACTIVE', 60_000);

    const dashboard = await signedIn(Role.ADMIN);
    const admin = await signedIn(Role.ADMIN, 'administration');
    const advance = async (days: number) => {
      await admin.getByLabel('日数', { exact: true }).fill(String(days));
      await admin.getByRole('button', { name: '日数を進める' }).click();
      await admin.getByText('完了しました').waitFor();
    };
    await advance(31);
    await card(dashboard, 'OVERDUE_INVOICES').getByText(fqdn).waitFor();
    await shot(admin, 'administration');
    // The grace period ends while the service is suspended (Art. 6): the revocation is initiated, but no
    // request goes out to the CA, so it stays pending for as long as the test looks at it (a live list shows
    // the latest state and may well skip a state that lasts a moment).
    const service = async (name: 'suspendService' | 'resumeService', input: Record<string, unknown>) =>
      expect((await mutate(api, Role.ADMIN, name, { clientMutationId: randomUUID(), ...input }, 'serviceStatus { suspended }')).body.errors).toBeUndefined();
    await service('suspendService', { reason: 'maintenance of the CA connection' });
    const pending = card(dashboard, 'PENDING_REVOCATIONS');
    await advance(14);
    await until('revocation under way', () => contract(id), (c) => c.revocation !== null, 60_000);
    await pending.getByText(fqdn).waitFor();
    expect(await pending.textContent()).toMatch(/期限まで|期限超過/);
    await shot(dashboard, 'dashboard-pending-revocation');
    // On resume the held request goes out and the CA answers.
    await service('resumeService', {});
    await advance(1);
    await until('revoked', () => contract(id), (c) => c.status === 'REVOKED', 60_000);
    await pending.getByText(fqdn).waitFor({ state: 'detached' });
  }, 240_000);

  it('an operator cancels a contract before any certificate was delivered: the terms’ refusal and a missing note shown first', async () => {
    // While the service is suspended (Art. 6) the CA order waits, so the accepted contract has no certificate yet.
    const suspend = await api.gql(Role.ADMIN, 'mutation { suspendService(input: { reason: "e2e: CA maintenance" }) { serviceStatus { suspended } } }');
    expect(suspend.body.errors).toBeUndefined();
    try {
      const { id } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
      await accept(api, id);
      const operator = await signedIn(Role.OPERATOR, `contracts/${id}`);
      await operator.getByTestId('contract-status').filter({ hasText: 'ACCEPTED' }).waitFor();
      await operator.getByText('cancelContract', { exact: true }).first().click();
      const form = operator.locator('form#cancelContract');
      // Non-payment is not due yet: the refusal names its code, what it means and the article.
      await choose(operator, form, 'reason', 'NON_PAYMENT');
      await form.locator('button[type=submit]').click();
      await form.getByRole('alert').filter({ hasText: '利用規約によりこの操作はできません。 RULE_VIOLATION: Art. 7: cancellation for non-payment is not due' }).waitFor();
      // A prohibited act needs the note saying which: marked before anything is sent.
      await choose(operator, form, 'reason', 'PROHIBITED_ACT');
      await form.locator('button[type=submit]').click();
      await form.locator('.ant-form-item-has-error').filter({ hasText: 'note' }).waitFor();
      await shot(operator, 'contract-cancel');
      await form.getByLabel('note', { exact: true }).fill('phishing pages confirmed on the site (Art. 3 proviso)');
      await form.locator('button[type=submit]').click();
      await operator.getByTestId('contract-status').filter({ hasText: 'CANCELLED' }).waitFor();
      expect((await contract(id)).status).toBe('CANCELLED');
    } finally {
      await api.gql(Role.ADMIN, 'mutation { resumeService(input: { reason: "e2e: done" }) { serviceStatus { suspended } } }');
    }
  }, 120_000);

  it('an operator records the CA’s answer to a revocation past its deadline: refused within it, recorded after', async () => {
    // No saga here (ROLE=api): the revocation request stays unanswered, as when the CA's answer never arrives.
    const quiet = await startApi({ env: { CLOCK: 'simulated' } });
    let operator: Page | null = null;
    try {
      await quiet.app.listen(0, '127.0.0.1');
      const at = { api: quiet, base: `${(await quiet.app.getUrl()).replace('[::1]', '127.0.0.1')}/admin/` };
      const { id, fqdn } = await submit(quiet, DEFAULT_POLICY.requiredDocuments.CORPORATION);
      await accept(quiet, id);
      await issueCertificate(quiet, id, fqdn);
      const revoke = await mutate(quiet, Role.OPERATOR, 'requestRevocation', { contractId: id, reason: 'CUSTOMER_REQUEST', note: 'customer asked by phone' }, 'contract { id }');
      expect(revoke.body.errors).toBeUndefined();
      // The revocation saga's part (Art. 7(2)): the customer is told, then the CA asked; its answer never comes.
      await quiet.system({ type: 'NotifyCustomer', contractId: id, kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: 'hanako@example.co.jp' });
      await quiet.system({ type: 'SendRevocationRequest', contractId: id, caOrderId: `revoke-${id}` });

      operator = await signedIn(Role.OPERATOR, `contracts/${id}`, at);
      await operator.getByText('recordRevocationOutcome', { exact: true }).first().click();
      const form = operator.locator('form#recordRevocationOutcome');
      // REVOKED needs the instant the CA revoked it: marked before anything is sent.
      await choose(operator, form, 'outcome', 'REVOKED');
      await form.locator('button[type=submit]').click();
      await form.locator('.ant-form-item-has-error').filter({ hasText: 'revokedAt' }).waitFor();
      // Within the BR deadline the CA's answer comes through the gateway: refused, and said so.
      await choose(operator, form, 'outcome', 'REJECTED');
      await form.getByLabel('note', { exact: true }).fill('CA portal: request rejected, ticket 42');
      await form.locator('button[type=submit]').click();
      await form.getByRole('alert').filter({ hasText: 'RULE_VIOLATION' }).filter({ hasText: 'within its deadline' }).waitFor();
      await shot(operator, 'contract-revocation-outcome');

      const clock = quiet.app.get<SimulatedClock>(CLOCK);
      await clock.set(new Date(clock.now().getTime() + 25 * 3_600_000));
      await form.locator('button[type=submit]').click();
      await operator.locator('.ant-descriptions-item-content').filter({ hasText: /^REJECTED$/ }).waitFor();
      expect((await contract(id, quiet)).revocation.status).toBe('REJECTED');
    } finally {
      // The page first: its live connection would otherwise try again against the closed server (a console error).
      await operator?.context().close();
      await quiet.close();
    }
  }, 120_000);

  it('an auditor verifies an event’s inclusion proof and the tree head signature in the browser', async () => {
    const auditor = await signedIn(Role.AUDITOR, 'audit');
    await auditor.getByText('署名付きツリーヘッド').waitFor();
    const verify = auditor.getByRole('button', { name: /^検証 / }).first();
    await verify.click();
    await auditor.getByText('検証成功: リーフハッシュ・包含証明・Ed25519 署名が一致').first().waitFor();
    await shot(auditor, 'audit');

    // The export over HTTP: saved by the browser, and it verifies as `audit verify FILE` checks it.
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-[0-9T-]+Z\.jsonl$/);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    const verified = await verifyAuditLog(lines);
    expect(verified).toMatchObject({ ok: true, message: expect.stringMatching(/^audit log verified: \d+ events/) });
    await auditor.getByText(`${download.suggestedFilename()} を保存しました`).waitFor();

    // English on request.
    await auditor.getByText('English').click();
    await auditor.getByRole('heading', { name: 'Audit log' }).waitFor();
  }, 120_000);

  it('signed in with every role, pasting the token as the start prints it ("Bearer …"), the header keeps every page’s link in sight, in Japanese and in English; a contract’s timeline follows it live', async () => {
    const token = await mintToken(SECRET_BYTES, { sub: 'staff-all', roles: [...STAFF], ttlSeconds: 3600 });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`every role page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`every role console error: ${msg.text()}`);
    });
    try {
      await page.goto(base);
      await page.getByLabel('アクセストークン (JWT)').fill(`Bearer ${token}`);
      await page.getByRole('button', { name: 'サインイン' }).click();
      await page.getByTestId('signed-in').waitFor();
      // Each link is clicked where it stands in the header (not through a folded "…" menu), and its page answers.
      for (const [link, heading] of [['契約', '契約一覧'], ['管理', '管理'], ['監査', '監査ログ'], ['ダッシュボード', 'ダッシュボード']]) {
        await page.locator('.ant-layout-header').getByRole('link', { name: link, exact: true }).click({ timeout: 10_000 });
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
      await page.getByText('English').click();
      for (const [link, heading] of [['Contracts', 'Contracts'], ['Administration', 'Administration'], ['Audit', 'Audit log']]) {
        await page.locator('.ant-layout-header').getByRole('link', { name: link, exact: true }).click({ timeout: 10_000 });
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
      await shot(page, 'header-every-role');

      // A contract's timeline follows the contract live, as the rest of its page does: no reload.
      const { id } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
      await page.goto(`${base}contracts/${id}`);
      await page.getByText('ApplicationSubmitted', { exact: true }).waitFor();
      await accept(api, id);
      await page.getByText('ScreeningPassed', { exact: true }).waitFor();
      // The issuance saga runs to its end, its three notices sent, before the test does (nothing of it is left
      // running when the suite closes the service).
      await until('issued and told', () => contract(id), (c) => c.status === 'ACTIVE' && c.notifications.length === 3, 60_000);
      await page.getByText('CertificateDelivered', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('left no error in any browser console', () => {
    writeFileSync(join(tmpdir(), 'console-e2e-problems.txt'), problems.join('\n'));
    expect(problems).toEqual([]);
  });
});
