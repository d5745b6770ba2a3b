import { FilingCancelled, LeaderBlacklisted } from '@cso/contracts';
import { DAY_MS, identityNumber, setClockOffset } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, rejectionOf, streetOfficer } from '../__tests__/callers.js';
import { registerOrganization, startInProcess, type InProcess } from '../__tests__/in-process.js';
import { FiledOrganization, FilingCancellation } from './filing.entity.js';
import { registerById } from './filing.loader.js';
import { blacklistLeader, blacklistOf, cancelFiling } from './filing.service.js';

let t: InProcess;
beforeAll(async () => {
  t = await startInProcess();
});
afterAll(() => t?.stop());
afterEach(() => setClockOffset(0));

const REASON = '多次违规开展营利性活动';

/** What the district holds about an organization after a cancellation was tried. */
async function cancellationState(organizationId: string) {
  const em = t.em();
  return {
    status: (await em.findOneOrFail(FiledOrganization, { organizationId })).status,
    cancellations: await em.count(FilingCancellation, { organizationId }),
    audit: (await t.audit(organizationId)).length,
    outbox: (await t.outbox('organizationId', organizationId)).length,
  };
}
const NOTHING_WRITTEN = (status: string) => ({ status, cancellations: 0, audit: 0, outbox: 0 });

describe('cancelFiling (取消备案资格)', () => {
  it('refuses the officers of another district, and the organization’s own street and community, writing nothing', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    for (const caller of [districtOfficer(randomUUID()), streetOfficer(org.streetId), communityOfficer(org.communityId!)]) {
      expect(await rejectionOf(cancelFiling(t.as(caller), org.organizationId, REASON))).toEqual({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
    }
    expect(await cancellationState(org.organizationId)).toEqual(NOTHING_WRITTEN('FILED'));
  });

  it('refuses an organization that is not FILED, writing nothing', async () => {
    const dissolved = await registerOrganization(t.em(), { districtId: t.districtId }, 'DISSOLVED');
    expect(await rejectionOf(cancelFiling(t.as(districtOfficer(t.districtId)), dissolved.organizationId, REASON))).toEqual({
      code: 'CONFLICT',
      reason: 'NOT_FILED',
    });
    expect(await cancellationState(dissolved.organizationId)).toEqual(NOTHING_WRITTEN('DISSOLVED'));
  });

  it('refuses an unknown organization and a too short reason', async () => {
    const officer = t.as(districtOfficer(t.districtId));
    expect(await rejectionOf(cancelFiling(officer, randomUUID(), REASON))).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'Organization',
    });
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    expect(await rejectionOf(cancelFiling(officer, org.organizationId, '违规'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'reason', code: 'LENGTH' })],
    });
    expect(await cancellationState(org.organizationId)).toEqual(NOTHING_WRITTEN('FILED'));
  });

  it('cancels a FILED organization once, at the clock’s time: register, cancellation, audit and one FilingCancelled event', async () => {
    setClockOffset(40 * DAY_MS);
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const officer = districtOfficer(t.districtId);
    const cancellation = await cancelFiling(t.as(officer), org.organizationId, `  ${REASON} `);
    expect(Math.abs(cancellation.cancelledAt.getTime() - (Date.now() + 40 * DAY_MS))).toBeLessThan(60_000);
    expect(cancellation).toMatchObject({ reason: REASON, cancelledByName: officer.name, districtId: t.districtId });
    expect(await cancellationState(org.organizationId)).toEqual({ status: 'CANCELLED', cancellations: 1, audit: 1, outbox: 1 });
    const [event] = await t.outbox('organizationId', org.organizationId);
    expect(event).toEqual({
      type: FilingCancelled.type,
      payload: {
        organizationId: org.organizationId,
        districtId: t.districtId,
        reason: REASON,
        cancelledAt: cancellation.cancelledAt.toISOString(),
      },
    });
    expect((await t.em().findOneOrFail(FiledOrganization, { organizationId: org.organizationId })).asOf).toEqual(
      cancellation.cancelledAt,
    );
    expect(await rejectionOf(cancelFiling(t.as(officer), org.organizationId, REASON))).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_CANCELLED',
    });
    expect(await cancellationState(org.organizationId)).toEqual({ status: 'CANCELLED', cancellations: 1, audit: 1, outbox: 1 });
  });
});

describe('blacklistLeader (失信惩戒)', () => {
  const random = (n: number) => Math.floor(Math.random() * n);
  const withWrongCheckDigit = (id: string) => `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`;
  const person = () => identityNumber('120105', `19${60 + random(40)}-0${1 + random(9)}-1${random(9)}`, random(1000));

  it('refuses the officers of another district before looking at the input', async () => {
    const refused = await rejectionOf(
      blacklistLeader(t.as(districtOfficer(randomUUID())), { districtId: t.districtId, idNumber: 'x', name: 'x', reason: 'x' }),
    );
    expect(refused).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('names every bad field at once', async () => {
    const refused = await rejectionOf(
      blacklistLeader(t.as(districtOfficer(t.districtId)), {
        districtId: t.districtId,
        idNumber: withWrongCheckDigit(person()),
        name: 'Zhang San',
        reason: '短',
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((refused!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'input.idNumber',
      'input.name',
      'input.reason',
    ]);
  });

  it('lists a person at the clock’s time, once, and the blacklist shows them to the district’s officers only', async () => {
    setClockOffset(3 * DAY_MS);
    const idNumber = person();
    const officer = t.as(districtOfficer(t.districtId));
    const entry = await blacklistLeader(officer, {
      districtId: t.districtId,
      idNumber,
      name: '张某某',
      reason: '冒用他人名义申请备案',
    });
    expect(Math.abs(entry.listedAt.getTime() - (Date.now() + 3 * DAY_MS))).toBeLessThan(60_000);
    const events = await t.outbox('idNumber', idNumber);
    expect(events).toEqual([expect.objectContaining({ type: LeaderBlacklisted.type })]);
    expect(events[0]!.payload.at).toBe(entry.listedAt.toISOString());
    expect(
      await rejectionOf(blacklistLeader(officer, { districtId: t.districtId, idNumber, name: '张某某', reason: '再次列入名单' })),
    ).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_BLACKLISTED',
    });

    const page = { first: 100, after: null };
    const seen = await blacklistOf(t.as(districtOfficer(t.districtId)), t.districtId, page);
    expect(seen.nodes.map((n) => n.idNumber)).toContain(idNumber);
    // The list's SQL applies the read rule too: an analyst of the district gets nothing even if asked directly.
    expect((await blacklistOf(t.as(analyst(t.districtId)), t.districtId, page)).nodes).toEqual([]);
  });
});

describe('the register (registerById)', () => {
  it('loads many organizations with one statement, in key order, null for one the district never registered', async () => {
    const em = t.em();
    const entries = [
      await registerOrganization(em, { districtId: t.districtId }),
      await registerOrganization(em, { districtId: t.districtId }, 'DISSOLVED'),
    ];
    const keys = [entries[1]!.organizationId, randomUUID(), entries[0]!.organizationId];
    const ctx = t.as(districtOfficer(t.districtId));
    t.subgraph.queries.reset();
    const loaded = await Promise.all(keys.map((k) => registerById(ctx).load(k)));
    expect(t.subgraph.queries.count).toBe(1);
    expect(loaded.map((e) => e?.organizationId ?? null)).toEqual([keys[0], null, keys[2]]);
  });
});
