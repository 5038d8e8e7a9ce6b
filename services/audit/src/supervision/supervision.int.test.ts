import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { UnitBalanceRow } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { JurisdictionScope } from '../scope.js';
import type { LedgerPort } from '../ledger-port.js';
import { listEntries } from '../log/log.repository.js';
import { openViolation } from '../violation/violation.service.js';
import { acknowledgeNotice, closeNotice, getNotice, issueNotice, listNotices, noticeHtml, noticePdf } from './notice.service.js';
import { confirmCommitment, listCommitments, listTalks, recordTalk, reportCommitment } from './talk.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const otherDistrictId = randomUUID();
const units = {
  bureau: { id: randomUUID(), jurisdictionId: cityId, name: '市统计局' },
  school: { id: randomUUID(), jurisdictionId: districtId, name: '海曙区第一中学' },
  hospital: { id: randomUUID(), jurisdictionId: otherDistrictId, name: '江北区人民医院' },
};

/** The registry's answer held in memory (the real port runs on the full stack): city sees all, a district its own, a unit's user their unit. */
const scope: JurisdictionScope = {
  jurisdictionIdsOf: async (p) => (p.jurisdictionId === cityId ? [cityId, districtId, otherDistrictId] : [p.jurisdictionId!]),
  organizationOf: async (p, id) => {
    const unit = Object.values(units).find((u) => u.id === id);
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${id}`);
    const visible = p.organizationId ? p.organizationId === id : p.jurisdictionId === cityId || unit.jurisdictionId === p.jurisdictionId;
    if (!visible) throw new DomainError('OUT_OF_SCOPE', `organization ${id}`);
    return unit;
  },
  lookupOrganizations: async () => [],
};
const figures: UnitBalanceRow[] = [{ ledger: 'institution', quota: 120, occupied: 123, reserved: 0, vacant: -3, over: 3, vacantAccountId: randomUUID(), occupiedAccountId: randomUUID() }];
const ledger: LedgerPort = { holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), outsideQuotaHolders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), postsOf: async () => [], unitFigures: async () => figures, statement: async () => [] };

const inspector = userPrincipal('inspector', cityId, 'inspector-wang');
const districtAdmin = userPrincipal('district_admin', districtId, 'haishu-admin');
const otherAdmin = userPrincipal('district_admin', otherDistrictId, 'jiangbei-admin');
const schoolUser: Principal = { ...userPrincipal('department_user', districtId, 'school-user'), organizationId: units.school.id };
const today = todayInChina();
const year = Number(today.slice(0, 4));
const notice = (organizationId: string) => ({ organizationId, problem: '超编进人3名', requirement: '停止进人，半年内消化超编', deadline: addDays(today, 90) });

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-supervision');
});
afterAll(async () => testDb?.drop());

describe('supervision notices', () => {
  it('walks a notice from issue to acknowledgement by the unit and closure, each step on the chain', async () => {
    const issued = await issueNotice(testDb.db, scope, ledger, districtAdmin, notice(units.school.id));
    expect(issued).toMatchObject({ status: 'issued', organizationName: '海曙区第一中学', jurisdictionId: districtId, year, seq: 1, number: `编督〔${year}〕1号` });

    // The unit sees it; another district does not; only the unit's users sign for it.
    expect((await listNotices(testDb.db, scope, schoolUser, { limit: 100 })).map((n) => n.id)).toEqual([issued.id]);
    expect(await listNotices(testDb.db, scope, otherAdmin, { limit: 100 })).toEqual([]);
    await expect(getNotice(testDb.db, scope, otherAdmin, issued.id)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(acknowledgeNotice(testDb.db, scope, districtAdmin, issued.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(closeNotice(testDb.db, scope, districtAdmin, { id: issued.id, conclusion: '未签收' })).rejects.toMatchObject({ code: 'NOTICE_STATE' });

    const acknowledged = await acknowledgeNotice(testDb.db, scope, schoolUser, issued.id);
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: schoolUser.id } });
    await expect(acknowledgeNotice(testDb.db, scope, schoolUser, issued.id)).rejects.toMatchObject({ code: 'NOTICE_STATE' });
    await expect(closeNotice(testDb.db, scope, otherAdmin, { id: issued.id, conclusion: '越权' })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });

    const closed = await closeNotice(testDb.db, scope, inspector, { id: issued.id, conclusion: '已整改到位' });
    expect(closed).toMatchObject({ status: 'closed', conclusion: '已整改到位', closedBy: { id: inspector.id } });
    await expect(closeNotice(testDb.db, scope, inspector, { id: issued.id, conclusion: '再次' })).rejects.toMatchObject({ code: 'NOTICE_STATE' });

    const entries = await listEntries(testDb.db, { jurisdictionIds: null, aggregateId: issued.id, limit: 10 });
    expect(entries.map((e) => e.eventType).reverse()).toEqual(['audit.notice.issued', 'audit.notice.acknowledged', 'audit.notice.closed']);
    expect(entries.at(-1)!.payload).toMatchObject({ organizationId: units.school.id, number: issued.number });

    // The document prints the unit's figures of the day of issue and the receipt.
    const html = noticeHtml(closed, [{ ledger: 'institution', quota: 120, occupied: 123, vacant: -3, over: 3 }]);
    expect(html).toContain(issued.number);
    expect(html).toContain('超编进人3名');
    expect(html).toContain('已整改到位');
    // The unit downloads it as a PDF; another district cannot.
    const pdf = await noticePdf(testDb.db, scope, schoolUser, issued.id);
    expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: `机构编制督查通知书-${issued.number}-海曙区第一中学.pdf` });
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await expect(noticePdf(testDb.db, scope, otherAdmin, issued.id)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  }, 30_000);

  it('refuses a unit out of reach, a violation of another unit and a past deadline, issuing nothing', async () => {
    await expect(issueNotice(testDb.db, scope, ledger, districtAdmin, notice(units.hospital.id))).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const elsewhere = await openViolation(testDb.db, scope, inspector, { organizationId: units.bureau.id, kind: 'other', title: '市局问题', description: '', deadline: addDays(today, 30), evidence: [] });
    await expect(issueNotice(testDb.db, scope, ledger, districtAdmin, { ...notice(units.school.id), violationId: elsewhere.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(issueNotice(testDb.db, scope, ledger, districtAdmin, { ...notice(units.school.id), deadline: addDays(today, -1) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const counter = await testDb.db.selectFrom('audit.notice_counters').selectAll().where('jurisdiction_id', '=', otherDistrictId).executeTakeFirst();
    expect(counter).toBeUndefined();
  });

  it('numbers per jurisdiction and year, unique and without gaps when issued concurrently', async () => {
    const before = await testDb.db.selectFrom('audit.notices').select('seq').where('jurisdiction_id', '=', cityId).execute();
    expect(before).toEqual([]);
    const issued = await Promise.all(Array.from({ length: 12 }, () => issueNotice(testDb.db, scope, ledger, inspector, notice(units.bureau.id))));
    expect(issued.map((n) => n.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(issued.map((n) => n.number)).size).toBe(12);
    // The district's own count goes on from its own last number.
    expect((await issueNotice(testDb.db, scope, ledger, districtAdmin, notice(units.school.id))).seq).toBe(2);
  });
});

describe('talks and commitments', () => {
  it('records a talk on a notice; its commitments are tasks the unit reports done and the issuer confirms, and closure waits for them', async () => {
    const issued = await issueNotice(testDb.db, scope, ledger, districtAdmin, notice(units.school.id));
    await acknowledgeNotice(testDb.db, scope, schoolUser, issued.id);
    const talk = await recordTalk(testDb.db, scope, districtAdmin, {
      noticeId: issued.id,
      heldOn: today,
      participants: ['张校长', '李书记'],
      points: '超编问题整改进度慢',
      commitments: [
        { content: '一个月内报送整改方案', deadline: addDays(today, 30) },
        { content: '年底前消化超编', deadline: addDays(today, 60) },
      ],
    });
    expect(talk).toMatchObject({ noticeId: issued.id, organizationId: units.school.id, participants: ['张校长', '李书记'] });
    expect(talk.commitments.map((c) => c.status)).toEqual(['open', 'open']);
    await expect(recordTalk(testDb.db, scope, otherAdmin, { noticeId: issued.id, heldOn: today, participants: ['某人'], points: '越权', commitments: [] })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });

    await expect(closeNotice(testDb.db, scope, districtAdmin, { id: issued.id, conclusion: '过早' })).rejects.toMatchObject({ code: 'NOTICE_STATE' });
    const [first, second] = talk.commitments;
    await expect(confirmCommitment(testDb.db, scope, districtAdmin, first!.id)).rejects.toMatchObject({ code: 'NOTICE_STATE' });
    await expect(reportCommitment(testDb.db, scope, districtAdmin, { id: first!.id, report: '代报' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reportCommitment(testDb.db, scope, otherAdmin, { id: first!.id, report: '越权' })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    for (const c of [first!, second!]) {
      expect(await reportCommitment(testDb.db, scope, schoolUser, { id: c.id, report: '已完成' })).toMatchObject({ status: 'reported' });
      expect(await confirmCommitment(testDb.db, scope, districtAdmin, c.id)).toMatchObject({ status: 'done', overdue: false });
    }
    await expect(reportCommitment(testDb.db, scope, schoolUser, { id: first!.id, report: '再报' })).rejects.toMatchObject({ code: 'NOTICE_STATE' });
    expect(await closeNotice(testDb.db, scope, districtAdmin, { id: issued.id, conclusion: '承诺事项均已完成' })).toMatchObject({ status: 'closed' });
    await expect(recordTalk(testDb.db, scope, districtAdmin, { noticeId: issued.id, heldOn: today, participants: ['张校长'], points: '补充', commitments: [] })).rejects.toMatchObject({ code: 'NOTICE_STATE' });

    const events = await listEntries(testDb.db, { jurisdictionIds: null, aggregateId: first!.id, limit: 10 });
    expect(events.map((e) => e.eventType).reverse()).toEqual(['audit.commitment.reported', 'audit.commitment.confirmed']);
    expect((await listEntries(testDb.db, { jurisdictionIds: null, aggregateId: talk.id, limit: 10 })).map((e) => e.eventType)).toEqual(['audit.talk.recorded']);
  });

  it('records a talk on a violation; an overdue commitment shows as overdue, to the unit and the district, not to another district', async () => {
    const violation = await openViolation(testDb.db, scope, inspector, { organizationId: units.school.id, kind: 'over_quota_hiring', title: '超编进人', description: '', deadline: addDays(today, 30), evidence: [] });
    const talk = await recordTalk(testDb.db, scope, inspector, { violationId: violation.id, heldOn: addDays(today, -20), participants: ['张校长'], points: '说明情况', commitments: [{ content: '十日内清退', deadline: addDays(today, -10) }] });
    expect(talk.violationId).toBe(violation.id);
    const overdue = await listCommitments(testDb.db, scope, schoolUser, { overdue: true, limit: 200 });
    expect(overdue.map((c) => c.id)).toEqual([talk.commitments[0]!.id]);
    expect(overdue[0]).toMatchObject({ overdue: true, organizationName: '海曙区第一中学' });
    expect(await listCommitments(testDb.db, scope, otherAdmin, { limit: 200 })).toEqual([]);
    expect((await listTalks(testDb.db, scope, districtAdmin, { violationId: violation.id, limit: 100 })).map((t) => t.id)).toEqual([talk.id]);
    expect(await listTalks(testDb.db, scope, otherAdmin, { limit: 100 })).toEqual([]);

    // A commitment due before the talk, a talk in the future: refused, nothing stored.
    const count = async () => (await testDb.db.selectFrom('audit.talks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const stored = await count();
    await expect(recordTalk(testDb.db, scope, inspector, { violationId: violation.id, heldOn: today, participants: ['张校长'], points: '再谈', commitments: [{ content: '倒签', deadline: addDays(today, -1) }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(recordTalk(testDb.db, scope, inspector, { violationId: violation.id, heldOn: addDays(today, 1), participants: ['张校长'], points: '明天', commitments: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count()).toBe(stored);
  });
});
