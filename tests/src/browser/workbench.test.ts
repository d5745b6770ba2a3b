import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startTestStack, type TestStack } from '../support/stack.js';
import { openIntranetBrowser, type IntranetBrowser } from './intranet.js';
import { calendar, savedOperations, variablesFor } from './saved-operations.js';
import { operationOf, workbench } from './workbench-pages.js';

/**
 * The analysts' workbench in a real browser on an "intranet": headless Chromium in which every
 * request to another host than this machine is aborted and recorded. The IDE and the dashboard come
 * from the gateway alone, sign in from the demo-user picker, and show what the API answers.
 */
let t: TestStack;
let browser: IntranetBrowser;
let page: Page;
let origin: string;

type Figures = Record<string, unknown>;
const analystQuery = async <T = Figures>(query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql<T>(query, variables, await t.as('analyst'));
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const districtId = () => t.users.find((u) => u.login === 'analyst')!.districtId!;

beforeAll(async () => {
  t = await startTestStack({ seedSize: 0.3 });
  origin = new URL(t.stack.gateway.url).origin;
  browser = await openIntranetBrowser();
  page = browser.page;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
}, 60_000);

describe('the IDE', () => {
  it('is served by the gateway to a browser, with a policy that allows this host only', async () => {
    const res = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("script-src 'self';");
    expect(await res.text()).not.toMatch(/<script(?![^>]*src="\/workbench\/assets\/)/);
    // A GraphQL client still gets GraphQL from the same address.
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });

    await workbench.openIde(page, origin);
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('未登录');
  });

  it('signs the analyst in from the picker of demo users and shows who is signed in', async () => {
    const picker = page.getByTestId('demo-users');
    await picker.waitFor();
    for (const user of t.users)
      await expect(picker.locator(`[data-login="${user.login}"]`).textContent()).resolves.toContain(user.name);
    await workbench.signInFromPicker(page, 'analyst');
    const shown = await page.getByTestId('signed-in-user').textContent();
    const analyst = t.users.find((u) => u.login === 'analyst')!;
    expect(shown).toContain(analyst.name);
    expect(shown).toContain('ANALYST');
    expect(shown).toContain(analyst.scope);
  });

  it('runs the saved district statistics and shows the figures the API answers', async () => {
    const answer = await workbench.runSavedOperation(page, 'DistrictStatistics');
    expect(answer.errors).toBeUndefined();
    const { lastYear, lastMonth } = calendar();
    const direct = await analystQuery(savedOperations().find((o) => o.name === 'DistrictStatistics')!.query, {
      districtId: districtId(),
      year: lastYear,
      month: lastMonth,
    });
    expect(answer.data).toEqual(direct);
    const total = (direct.district as { organizationStatistics: { total: number } }).organizationStatistics.total;
    expect(total).toBeGreaterThan(100);
    await page
      .locator('.graphiql-response')
      .filter({ hasText: new RegExp(`"total":\\s*${total}\\b`) })
      .waitFor({ timeout: 10_000 });
  });

  it('downloads the list result as CSV (UTF-8 with a BOM, for Excel) with every row, and as JSON', async () => {
    await page.getByTestId('export-list').selectOption('district.streets');
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    const csv = await readFile((await csvDownload.path())!, 'utf8');
    expect(csvDownload.suggestedFilename()).toBe('DistrictStatistics-district-streets.csv');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'name,organizationStatistics.total,organizationStatistics.members,organizationStatistics.partyMembers,organizationStatistics.lackingPartyStation,organizationStatistics.communitiesBelowTarget,majorActivityReportStatistics.overdue',
    );
    const { district } = await analystQuery<{
      district: { streets: { name: string; organizationStatistics: Record<string, number> }[] };
    }>('query($id: ID!) { district(id: $id) { streets { name organizationStatistics { total members } } } }', {
      id: districtId(),
    });
    expect(lines).toHaveLength(district.streets.length + 1);
    for (const street of district.streets)
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${street.name},${street.organizationStatistics.total},${street.organizationStatistics.members},`),
        ),
      );

    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 JSON' }).click(),
    ]);
    const rows = JSON.parse(await readFile((await jsonDownload.path())!, 'utf8')) as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(district.streets.map((s) => s.name));
  });

  it('shows the Chinese term of a field in the schema documentation', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query' }).first().click();
    await docs.filter({ hasText: '公示 Public notices running now' }).waitFor({ timeout: 10_000 });
    await docs.getByRole('link', { name: 'district', exact: true }).first().click();
    await docs.getByRole('link', { name: 'District', exact: true }).first().click();
    await docs.filter({ hasText: '组织统计 The district’s organizations' }).waitFor();
  });

  it('keeps the analyst’s own operations in the browser and exports them as a file', async () => {
    await page.getByRole('button', { name: /常用查询 Saved operations/ }).click();
    const saved = page.getByTestId('saved-operations');
    await saved.getByLabel('中文说明').fill('各街道组织数');
    await saved.getByLabel('English description').fill('Organizations per street');
    await saved.getByRole('button', { name: '保存当前标签 Save current tab' }).click();
    await page.getByTestId('my-operations').filter({ hasText: '各街道组织数' }).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), saved.getByRole('button', { name: '导出 Export' }).click()]);
    const exported = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
      format: string;
      operations: { name: string; zh: string }[];
    };
    expect(exported.format).toBe('cso-workbench-operations');
    expect(exported.operations).toEqual([expect.objectContaining({ name: 'DistrictStatistics', zh: '各街道组织数' })]);
  });
});

describe('the dashboard', () => {
  it('renders every chart of the district, each table equal to what the API answers for the same scope', async () => {
    const request = page.waitForRequest((r) => r.url().endsWith('/graphql') && operationOf(r.postData()) === 'DashboardDistrict');
    await workbench.openDashboard(page, origin);
    const sent = await request;
    expect(sent.headers()['apollographql-client-name']).toBe('cso-dashboard');
    expect(sent.headers()['apollographql-client-version']).toMatch(/^\d+\.\d+\.\d+/);
    await page.locator('[data-figure="reports"]').waitFor();
    expect(await page.locator('.cso-chart svg').count()).toBe(7);

    const cells = async (figure: string) =>
      Object.fromEntries(
        await Promise.all(
          (await page.locator(`[data-figure="${figure}"] tbody tr`).all()).map(async (row) => [
            await row.getAttribute('data-key'),
            (await Promise.all((await row.locator('td').all()).map((td) => td.getAttribute('data-value')))).map(Number),
          ]),
        ),
      ) as Record<string, number[]>;
    const months = Object.keys(await cells('monthlyCompliance'));
    const years = Object.keys(await cells('inspections')).map(Number);
    expect(months).toHaveLength(3);
    expect(months.at(-1)).toBe(calendar().lastMonth);
    const api = (
      await analystQuery<{ district: Record<string, never> }>(
        `query($id: ID!) { district(id: $id) {
        organizationStatistics { total filedByCategory { key count } byStatus { key count } members partyMembers lackingPartyStation communitiesBelowTarget }
        majorActivityReportStatistics { byStatus { key count } overdue }
        ${years.map((y, i) => `y${i}: inspectionResults(year: ${y}) { pass basicPass fail notInspected }`).join(' ')}
        ${months.map((m, i) => `m${i}: monthlyReportCompliance(month: "${m}") { expected onTime late missing }`).join(' ')}
      } }`,
        { id: districtId() },
      )
    ).district as Record<string, Record<string, number> & { filedByCategory: never; byStatus: { key: string; count: number }[] }>;
    const o = api.organizationStatistics as unknown as Record<string, number> &
      Record<'filedByCategory' | 'byStatus', { key: string; count: number }[]>;
    const r = api.majorActivityReportStatistics as unknown as { byStatus: { key: string; count: number }[]; overdue: number };
    const keyed = (items: { key: string; count: number }[]) => Object.fromEntries(items.map((i) => [i.key, [i.count]]));

    expect(await cells('filedByCategory')).toEqual(keyed(o.filedByCategory));
    expect(await cells('byStatus')).toEqual({ ...keyed(o.byStatus), total: [o.total] });
    expect(await cells('members')).toEqual({ members: [o.members], partyMembers: [o.partyMembers] });
    expect(await cells('gaps')).toEqual({
      lackingPartyStation: [o.lackingPartyStation],
      communitiesBelowTarget: [o.communitiesBelowTarget],
    });
    expect(await cells('reports')).toEqual({ ...keyed(r.byStatus), overdue: [r.overdue] });
    expect(await cells('inspections')).toEqual(
      Object.fromEntries(
        years.map((y, i) => [String(y), ['pass', 'basicPass', 'fail', 'notInspected'].map((k) => api[`y${i}`]![k])]),
      ),
    );
    expect(await cells('monthlyCompliance')).toEqual(
      Object.fromEntries(months.map((m, i) => [m, ['expected', 'onTime', 'late', 'missing'].map((k) => api[`m${i}`]![k])])),
    );
    expect(o.total).toBeGreaterThan(100);
    expect(await page.locator('[data-kpi="total"] .cso-kpi-value').textContent()).toBe(o.total.toLocaleString('zh-CN'));
  });

  it('has a page per street, reached from the district’s, with that street’s figures', async () => {
    const link = page.locator('[data-scope-link="street"]').first();
    const name = await link.textContent();
    await link.click();
    await page.getByTestId('scope-title').filter({ hasText: name! }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const { street } = await analystQuery<{ street: { organizationStatistics: { total: number; members: number } } }>(
      'query($id: ID!) { street(id: $id) { organizationStatistics { total members } } }',
      { id },
    );
    await page.locator('[data-figure="byStatus"]').waitFor();
    expect(await page.locator('[data-figure="byStatus"] tr[data-key="total"] td').getAttribute('data-value')).toBe(
      String(street.organizationStatistics.total),
    );
    expect(await page.locator('[data-figure="members"] tr[data-key="members"] td').getAttribute('data-value')).toBe(
      String(street.organizationStatistics.members),
    );
    expect(await page.locator('.cso-chart svg').count()).toBe(7);
  });
});

describe('a signed-out visitor', () => {
  it('sees only public data, in the IDE and in the dashboard', async () => {
    await page.getByRole('button', { name: '退出 Sign out' }).click();
    await page.getByTestId('signed-out').waitFor();
    expect(await page.locator('[data-figure]').count()).toBe(0);

    await workbench.openIde(page, origin);
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('未登录');
    const register = await workbench.runSavedOperation(page, 'PublicRegister');
    const nodes = (register.data!.organizations as { nodes: { status: string }[] }).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(['FILED']));
    const statistics = await workbench.runSavedOperation(page, 'DistrictFigures');
    expect(statistics.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
  });
});

describe('the built-in saved operations', () => {
  it('each have a Chinese and an English description and answer without errors for every role they are for', async () => {
    const operations = savedOperations();
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'CommitteeQueue',
        'StreetFilingQueue',
        'StreetReportQueue',
        'RunningPublicNotices',
        'ReportChain',
        'FilingView',
        'DistrictStatistics',
        'InspectionEvidence',
        'OrganizationArchive',
      ]),
    );
    const problems: string[] = [];
    for (const operation of operations) {
      expect(operation.zh).toMatch(/\p{Script=Han}/u);
      expect(operation.en).toMatch(/^[A-Z]/);
      for (const role of operation.roles) {
        const users = role === 'PUBLIC' ? [null] : t.users.filter((u) => u.role === role);
        expect(users.length).toBeGreaterThan(0);
        for (const user of users) {
          const res = await t.gql(operation.query, variablesFor(operation, user), user ? await t.as(user.login) : {});
          if (res.errors?.length || !res.data)
            problems.push(`${operation.name} as ${user?.login ?? 'public'}: ${JSON.stringify(res.errors)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('the intranet', () => {
  it('saw no request to another host, no token in an address, and no policy violation', () => {
    expect(browser.requests.length).toBeGreaterThan(20);
    expect(browser.foreign()).toEqual([]);
    expect(browser.requests.filter((url) => /eyJ[\w-]+\.[\w-]+/.test(url))).toEqual([]);
    expect(browser.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  });
});
