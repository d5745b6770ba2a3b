import { randomUUID } from 'node:crypto';
import { localMonth, clock, setClockOffset } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';
import { orgLeader, streetOfficer } from '../__tests__/callers.js';
import { contextOf, emOf, givenForwardedFiling, givenPolicies, givenStreet } from '../__tests__/fixtures.js';
import { StreetDecision } from '../filing/filing.enums.js';
import { decideFiling } from '../filing/filing.service.js';
import { submitMonthlyReport } from '../monthly/monthly.service.js';
import { streetArchiveItems } from './archive.service.js';

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition);
});
afterAll(() => subgraph?.stop());
afterEach(() => setClockOffset(0));

const MINUTE = 60_000;

/** An organization filed by the street (notice of 0 days, then the sweep), with one monthly report. */
async function givenFiledWithReport() {
  const street = await givenStreet(emOf(subgraph));
  await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 0 });
  const filing = await givenForwardedFiling(emOf(subgraph), street);
  await decideFiling(contextOf(subgraph, streetOfficer(street.id)), filing.id, StreetDecision.APPROVE, '同意公示');
  setClockOffset(MINUTE);
  await subgraph.running.runJobs();
  setClockOffset(2 * MINUTE);
  const month = localMonth(clock.now());
  await submitMonthlyReport(contextOf(subgraph, orgLeader(filing.organizationId)), filing.organizationId, month, {
    participants: 80,
    activities: [{ date: `${month}-01`, content: '合唱排练' }],
    publicBenefitScope: '社区居民',
    partyMembersTakingPart: 2,
  });
  return { street, filing, month };
}

describe('the street’s part of an organization’s file (街道档案)', () => {
  it('lists the monthly report, the certificate and the decision, newest first', async () => {
    const { street, filing, month } = await givenFiledWithReport();
    const items = await streetArchiveItems(contextOf(subgraph, orgLeader(filing.organizationId)), filing.organizationId);
    expect(items.map((i) => [i.kind, i.title])).toEqual([
      ['MONTHLY_REPORT', `${month} 月报(80人次)`],
      ['CERTIFICATE', expect.stringMatching(new RegExp(`^备案证书 ${street.code}-\\d{4}-0001$`))],
      ['HANDLING_RESULT', '成立备案街道审核:APPROVE,同意公示'],
    ]);
  });

  it('is served to the organization’s own leader, refused to another, empty for an organization the street never received', async () => {
    const { filing } = await givenFiledWithReport();
    const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on OrganizationArchive { street { kind } } } }`;
    const ask = async (id: string, organizationId: string) =>
      subgraph.query<{ _entities: { street: { kind: string }[] }[] }>(
        QUERY,
        { r: [{ __typename: 'OrganizationArchive', id }] },
        subgraph.asGateway(await subgraph.token({ sub: 'test', name: '负责人', role: 'ORG_LEADER', organizationId })),
      );
    const own = await ask(filing.organizationId, filing.organizationId);
    expect(own.data?._entities[0]?.street).toHaveLength(3);
    const other = await ask(filing.organizationId, randomUUID());
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
    const unknown = randomUUID();
    expect((await ask(unknown, unknown)).data?._entities[0]?.street).toEqual([]);
  });
});
