import { randomUUID } from 'node:crypto';
import type { BianzhiClient } from '@bianzhi/client';

/**
 * 评估考核 for the demo city, made as the bureau makes them, through the API (docs/audit.md
 * "Evaluation and assessment"): one evaluation of a city unit whose conclusion — cut administrative
 * quota — went through the city bureau's chain as a matter and was recorded as approved; and last
 * year's assessment of the districts and two city departments, scored, reviewed by another person,
 * published by a third, so the ranking shows.
 */
export async function seedDemoEvaluation(users: { admin: BianzhiClient; shouli: BianzhiClient; shenhe: BianzhiClient; zhuren: BianzhiClient }): Promise<{ evaluations: number; assessed: number }> {
  const { admin, shouli, shenhe, zhuren } = users;
  const jurisdictions = await admin.registry.jurisdiction.list.query({});
  const city = jurisdictions.find((j) => j.level === 'city')!;
  const { items: cityUnits } = await admin.registry.organization.list.query({ jurisdictionId: city.id, limit: 20, offset: 0 });
  const organs = cityUnits.filter((o) => o.status === 'active' && o.kind === 'organ');

  // The evaluation: workload down by half, scored on the ledger's figures, concluded as a cut within the vacancies.
  const year = new Date().getFullYear();
  let unit: (typeof organs)[number] | undefined;
  let vacant = 0;
  for (const organ of organs.slice(6)) {
    vacant = (await admin.ledger.balance.get.query({ organizationId: organ.id })).find((b) => b.ledger === 'administrative')?.vacant ?? 0;
    if (vacant >= 2) {
      unit = organ;
      break;
    }
  }
  if (!unit) throw new Error('demo evaluation: no city organ with two administrative vacancies');
  const evaluationId = randomUUID();
  await admin.audit.evaluation.create.mutate({ id: evaluationId, organizationId: unit.id, year, title: `${year}年度${unit.name}机构编制评估` });
  await admin.audit.evaluation.setWorkload.mutate({
    id: evaluationId,
    workload: [
      { name: '行政许可办件量', unit: '件', previous: 1200, current: 540 },
      { name: '监督检查户次', unit: '户次', previous: 800, current: 460 },
    ],
  });
  const scored = await admin.audit.evaluation.score.mutate({ id: evaluationId });
  // Within the vacancies as scored (the last quarter end's).
  const amount = Math.min(2, scored.indicators?.vacantByType.administrative ?? 0);
  if (amount < 1) throw new Error(`demo evaluation: ${unit.name} had no administrative vacancy at the last quarter end`);
  const conclusion = { kind: 'cut' as const, ledger: 'administrative' as const, amount, reason: `部分审批事项下放区县后工作量明显减少，核减行政编制${amount}名` };
  await admin.audit.evaluation.conclude.mutate({ id: evaluationId, conclusion });
  const matterId = randomUUID();
  await admin.approval.matter.file.mutate({ id: matterId, kind: 'evaluation_conclusion', title: `${unit.name}评估结论：核减行政编制${amount}名`, reason: conclusion.reason, documents: [{ title: '关于机构编制评估结论的请示', documentNumber: `示编评〔${year}〕1号` }], evaluation: { evaluationId, conclusion } });
  await shouli.approval.matter.decide.mutate({ id: matterId, stepIndex: 0, decision: 'approve', comment: '材料齐全', decisionId: randomUUID() });
  await shenhe.approval.matter.decide.mutate({ id: matterId, stepIndex: 1, decision: 'approve', comment: '评估方法和数据无误', decisionId: randomUUID() });
  await zhuren.approval.matter.decide.mutate({ id: matterId, stepIndex: 2, decision: 'approve', documentNumber: `示编〔${year}〕88号`, decisionId: randomUUID() });

  // Last year's assessment: the city bureau's sheet, a score per district and two departments, reviewed and published.
  const last = year - 1;
  await admin.audit.assessment.setSheet.mutate({
    year: last,
    items: [
      { key: 'monthly', name: '月报按时报送', weight: 25, source: 'entered', evidence: '月报报送登记表' },
      { key: 'rectified', name: '违规问题按期整改', weight: 25, source: 'violations_rectified', evidence: '' },
      { key: 'targets', name: '控编减编任务完成', weight: 30, source: 'entered', evidence: '任务完成情况报告及核减文件' },
      // The half-yearly disclosure evaluation began this year: last year's was checked by hand.
      { key: 'disclosure', name: '信息公开完整', weight: 20, source: 'entered', evidence: '信息公开检查记录' },
    ],
  });
  const districts = jurisdictions.filter((j) => j.level === 'district').sort((a, b) => a.code.localeCompare(b.code));
  const scores = [
    [100, 90, 95],
    [90, 100, 80],
    [80, 70, 100],
    [100, 60, 85],
    [70, 85, 90],
  ];
  const subjects = [...districts.map((d) => ({ kind: 'jurisdiction' as const, id: d.id })), ...organs.slice(0, 2).map((o) => ({ kind: 'organization' as const, id: o.id }))];
  for (const [i, subject] of subjects.entries()) {
    const [monthly, targets, disclosure] = scores[i % scores.length]!;
    await admin.audit.assessment.score.mutate({
      year: last,
      subject,
      entered: {
        monthly: { score: monthly!, evidence: monthly === 100 ? '12个月均按时报送' : `${Math.round((100 - monthly!) / 10)}个月逾期报送（月报报送登记表）` },
        targets: { score: targets!, evidence: `示编〔${last}〕${30 + i}号任务完成情况报告` },
        disclosure: { score: disclosure!, evidence: `${last}年信息公开检查记录第${i + 1}页` },
      },
    });
  }
  await shenhe.audit.assessment.review.mutate({ year: last });
  await zhuren.audit.assessment.publish.mutate({ year: last });
  return { evaluations: 1, assessed: subjects.length };
}
