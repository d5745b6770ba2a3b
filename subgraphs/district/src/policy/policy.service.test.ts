import { PoliciesUpdated, POLICY_DEFAULTS } from '@cso/contracts';
import { DAY_MS, setClockOffset } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { analyst, districtOfficer, rejectionOf } from '../__tests__/callers.js';
import { startInProcess, type InProcess } from '../__tests__/in-process.js';
import { DistrictPolicy } from './policy.entity.js';
import { policiesByDistrict } from './policy.loader.js';
import { updatePolicies } from './policy.service.js';

let t: InProcess;
beforeAll(async () => {
  t = await startInProcess();
});
afterAll(() => t?.stop());
afterEach(() => setClockOffset(0));

/** The stored policies and what the change wrote around them. */
async function state() {
  return {
    policy: await t.em().findOneOrFail(DistrictPolicy, { districtId: t.districtId }),
    events: (await t.outbox('districtId', t.districtId)).filter((e) => e.type === PoliciesUpdated.type),
    audit: (await t.audit(t.districtId)).filter((a) => a.action === 'updatePolicies'),
  };
}

describe('updatePolicies (更新政策参数)', () => {
  it('refuses the officers of another district and the district’s analysts, writing nothing', async () => {
    const before = await state();
    for (const caller of [districtOfficer(randomUUID()), analyst(t.districtId)])
      expect(await rejectionOf(updatePolicies(t.as(caller), t.districtId, { minimumMembers: 12 }))).toEqual({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
    expect(await state()).toEqual(before);
  });

  it('names every out-of-range value at once and writes nothing', async () => {
    const before = await state();
    const refused = await rejectionOf(
      updatePolicies(t.as(districtOfficer(t.districtId)), t.districtId, {
        minimumMembers: 0,
        publicNoticeDays: 61,
        monthlyReportDueDay: 29,
        communityTarget: 5,
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((refused!.fields as { field: string; code: string }[]).map((f) => `${f.field}:${f.code}`).sort()).toEqual([
      'input.minimumMembers:OUT_OF_RANGE',
      'input.monthlyReportDueDay:OUT_OF_RANGE',
      'input.publicNoticeDays:OUT_OF_RANGE',
    ]);
    expect(await state()).toEqual(before);
  });

  it('changes only the values given, at the clock’s time, with revision + 1, one audit record and exactly one event', async () => {
    setClockOffset(10 * DAY_MS);
    const before = await state();
    const next = { ...before.policy.values, publicNoticeDays: before.policy.values.publicNoticeDays === 9 ? 8 : 9 };
    const changed = await updatePolicies(t.as(districtOfficer(t.districtId)), t.districtId, {
      publicNoticeDays: next.publicNoticeDays,
      minimumMembers: null,
    });
    expect(changed.revision).toBe(before.policy.revision + 1);
    expect(changed.values).toEqual(next);
    expect(Math.abs(changed.updatedAt.getTime() - (Date.now() + 10 * DAY_MS))).toBeLessThan(60_000);
    const after = await state();
    expect(after.policy.revision).toBe(before.policy.revision + 1);
    expect(after.audit).toHaveLength(before.audit.length + 1);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.events.at(-1)!.payload).toEqual({
      districtId: t.districtId,
      values: next,
      revision: before.policy.revision + 1,
    });
  });

  it('refuses a district that does not exist', async () => {
    const missing = randomUUID();
    expect(await rejectionOf(updatePolicies(t.as(districtOfficer(missing)), missing, {}))).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'District',
    });
  });
});

describe('the policies of many districts', () => {
  it('load in one batch, in key order, with the defaults for a district that never set them', async () => {
    const ctx = t.as(districtOfficer(t.districtId));
    const missing = randomUUID();
    const [stored, defaults] = await Promise.all([
      policiesByDistrict(ctx).load(t.districtId),
      policiesByDistrict(ctx).load(missing),
    ]);
    expect(stored.districtId).toBe(t.districtId);
    expect(stored.revision).toBeGreaterThanOrEqual(1);
    expect(defaults).toMatchObject({ districtId: missing, values: POLICY_DEFAULTS, revision: 0 });
  });
});
