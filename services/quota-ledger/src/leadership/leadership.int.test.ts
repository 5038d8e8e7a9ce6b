import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberOf, ledgerHarness, refusal, system } from '../test/ledger-harness.js';

/** Leadership posts and appointments (DOMAIN.md invariant 4) against PostgreSQL. */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const slots: string[] = [];
const unit = () => h.units[0]!.organizationId;
const api = () => h.callerAs(h.bureau());
/** Posts are set, and people appointed, as the effect of an approved matter (docs/authority.md): by the platform. */
const platform = () => h.callerAs(system);

beforeAll(async () => {
  h = await ledgerHarness('ledger-leadership', { units: 1 });
  await h.allocate(0, 5);
  const planId = randomUUID();
  await h.callerAs(h.departmentUser(0)).ledger.plan.file({ id: planId, organizationId: unit(), ledger: 'administrative', places: 3, endsOn: '2026-12-31', reason: '领导班子配备' });
  await platform().ledger.plan.approve({ id: planId });
  for (const [name, body] of [['王局长', '33020319700101101'], ['赵副局长', '33020319720202102'], ['陈副局长', '33020319750303103']] as const) {
    slots.push((await api().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'transfer_in', person: { name, idNumber: idNumberOf(body), education: '研究生', postCategory: 'management' } })).id);
  }
});
afterAll(async () => h?.drop());

describe('leadership posts', () => {
  it('refuses a bureau setting posts or appointing directly: 领导职数核定 and 领导职务任职 are matters', async () => {
    expect((await refusal(api().ledger.leadership.setPosts({ organizationId: unit(), rank: 'principal', posts: 9 }))).code).toBe('FORBIDDEN');
    expect((await refusal(api().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'principal', slotId: slots[0]!, title: '局长' }))).code).toBe('FORBIDDEN');
  });

  it('appoint within the posts, refuse beyond them, and record a violation when appointing beyond is insisted on', async () => {
    await platform().ledger.leadership.setPosts({ organizationId: unit(), rank: 'principal', posts: 1, documentNumber: '示编〔2026〕40号' });
    await platform().ledger.leadership.setPosts({ organizationId: unit(), rank: 'deputy', posts: 1 });
    const id = randomUUID();
    await platform().ledger.leadership.appoint({ id, organizationId: unit(), rank: 'principal', slotId: slots[0]!, title: '局长' });
    // Appointing twice with the same id appoints once.
    await platform().ledger.leadership.appoint({ id, organizationId: unit(), rank: 'principal', slotId: slots[0]!, title: '局长' });
    await platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'deputy', slotId: slots[1]!, title: '副局长' });
    const full = await refusal(platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'deputy', slotId: slots[2]!, title: '副局长' }));
    expect(full.domainCode).toBe('LEADERSHIP_POSTS_FULL');
    expect(full.zh).toContain('副职职数1名，已配备1名');
    expect(h.rules.violations.get(unit())).toBeUndefined();

    const beyond = await platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'deputy', slotId: slots[2]!, title: '副局长', beyondPosts: { reason: '工作需要，报批中' } });
    const flagged = beyond.appointments.find((a) => a.name === '陈副局长')!;
    expect(flagged).toMatchObject({ beyondPosts: true });
    expect(h.rules.violations.get(unit())).toEqual([{ id: flagged.violationId, title: '超职数配备副职（副局长）' }]);
    expect(beyond.ranks.find((r) => r.rank === 'deputy')).toMatchObject({ posts: 1, filled: 2 });
  });

  it('refuse fewer posts than people appointed, a second post for one person and a person from elsewhere', async () => {
    expect((await refusal(platform().ledger.leadership.setPosts({ organizationId: unit(), rank: 'deputy', posts: 1 }))).domainCode).toBe('POSTS_BELOW_APPOINTMENTS');
    await platform().ledger.leadership.setPosts({ organizationId: unit(), rank: 'dept_principal', posts: 5 });
    expect((await refusal(platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'dept_principal', slotId: slots[0]!, title: '科长' }))).zh).toContain('已任局长');
    expect((await refusal(platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'dept_principal', slotId: randomUUID(), title: '科长' }))).domainCode).toBe('NOT_FOUND');
    // Insisting on appointing beyond the posts records nothing when the person cannot be appointed anyway.
    const recorded = h.rules.violations.get(unit())!.length;
    await platform().ledger.leadership.setPosts({ organizationId: unit(), rank: 'dept_deputy', posts: 0 });
    expect((await refusal(platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'dept_deputy', slotId: slots[0]!, title: '副科长', beyondPosts: { reason: '工作需要' } }))).zh).toContain('已任局长');
    expect((await refusal(platform().ledger.leadership.appoint({ id: randomUUID(), organizationId: unit(), rank: 'dept_deputy', slotId: randomUUID(), title: '副科长', beyondPosts: { reason: '工作需要' } }))).zh).toContain('不在该单位在编人员中');
    expect(h.rules.violations.get(unit())).toHaveLength(recorded);
  });

  it('free a post on removal and when the holder leaves', async () => {
    const before = await api().ledger.leadership.list({ organizationId: unit() });
    const chen = before.appointments.find((a) => a.name === '陈副局长')!;
    const after = await api().ledger.leadership.remove({ id: chen.id });
    expect(after.ranks.find((r) => r.rank === 'deputy')).toMatchObject({ filled: 1 });
    await api().ledger.person.exit({ id: randomUUID(), slotId: slots[0]!, exitKind: 'retirement' });
    const left = await api().ledger.leadership.list({ organizationId: unit() });
    expect(left.ranks.find((r) => r.rank === 'principal')).toMatchObject({ posts: 1, filled: 0 });
    expect(await h.checkInvariants()).toEqual([]);
  });
});
