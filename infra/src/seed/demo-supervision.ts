import type { BianzhiClient } from '@bianzhi/client';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';

/** The demo unit's own user (a department user of 海曙区人民医院), who acknowledges its notices. */
export const DEMO_UNIT_USER = { username: 'haishu-yiyuan', name: '海曙区人民医院 人事科 林芳', unit: '海曙区人民医院' } as const;

/**
 * 督查通知书 and 约谈 for the demo city, made as the bureau and the unit make them, through the API
 * (docs/audit.md "Supervision notices and talks"): 海曙区's bureau issues 海曙区人民医院 a notice now
 * awaiting its acknowledgement, with a talk whose commitments are one open and one overdue; and an
 * earlier notice the unit acknowledged, whose talk's commitments it reported done and the bureau
 * confirmed, closed with a conclusion. The hospital gets a department user account to sign for it.
 */
export async function seedDemoSupervision(clients: { admin: BianzhiClient; haishu: BianzhiClient; signIn(username: string): Promise<BianzhiClient> }, password: string): Promise<{ notices: number }> {
  const { admin, haishu } = clients;
  const district = (await admin.registry.jurisdiction.list.query({})).find((j) => j.code === '330203')!;
  const unit = (await admin.registry.organization.list.query({ search: DEMO_UNIT_USER.unit })).items.find((o) => o.name === DEMO_UNIT_USER.unit);
  if (!unit) throw new Error(`demo supervision: no ${DEMO_UNIT_USER.unit}`);
  await admin.identity.user.create.mutate({ username: DEMO_UNIT_USER.username, name: DEMO_UNIT_USER.name, role: 'department_user', jurisdictionId: district.id, organizationId: unit.id, password });
  const hospital = await clients.signIn(DEMO_UNIT_USER.username);
  const today = todayInChina();

  // Closed: acknowledged by the hospital, a talk with two commitments reported done and confirmed.
  const earlier = await haishu.audit.notice.issue.mutate({
    organizationId: unit.id,
    problem: '经核查，你单位2025年在事业编制已满的情况下以临时聘用名义使用编外人员从事专业技术岗位工作，编外人员数量较上年增长明显。',
    requirement: '立即停止以编外形式新增专业技术人员；清理现有编外人员，按岗位性质规范用人方式；整改情况书面报送区委编办。',
    deadline: addDays(today, 30),
  });
  await hospital.audit.notice.acknowledge.mutate({ id: earlier.id });
  const talk = await haishu.audit.talk.record.mutate({
    noticeId: earlier.id,
    heldOn: today,
    participants: ['海曙区人民医院院长', '海曙区人民医院党委书记', '海曙区委编办主任'],
    points: '编外用人增长过快，未履行编制管理主体责任；部分科室以劳务派遣替代在编岗位。',
    commitments: [
      { content: '制定编外人员清理方案并报区委编办备案', deadline: addDays(today, 15) },
      { content: '停止新增编外专业技术人员', deadline: addDays(today, 30) },
    ],
  });
  for (const commitment of talk.commitments) {
    await hospital.audit.talk.reportCommitment.mutate({ id: commitment.id, report: '已完成，相关材料已报送区委编办' });
    await haishu.audit.talk.confirmCommitment.mutate({ id: commitment.id });
  }
  await haishu.audit.notice.close.mutate({ id: earlier.id, conclusion: '经复查，清理方案已备案，未再新增编外专业技术人员，整改到位，予以办结。' });

  // Awaiting acknowledgement: a newer notice, and a talk on it whose commitments are open (one overdue).
  const awaiting = await haishu.audit.notice.issue.mutate({
    organizationId: unit.id,
    problem: '经比对，你单位实有人数超过核定事业编制，存在超编进人问题。',
    requirement: '超编期间停止进人，通过自然减员逐步消化超编人员，每季度末报送消化进度。',
    deadline: addDays(today, 180),
  });
  await haishu.audit.talk.record.mutate({
    noticeId: awaiting.id,
    heldOn: addDays(today, -20),
    participants: ['海曙区人民医院院长', '海曙区委编办副主任'],
    points: '超编进人问题未及时报告；招聘计划未经编办核准。',
    commitments: [
      { content: '报送超编人员消化计划', deadline: addDays(today, -5) },
      { content: '年底前消化超编人员2名', deadline: addDays(today, 120) },
    ],
  });
  return { notices: 2 };
}
