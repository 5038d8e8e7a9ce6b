import { randomUUID } from 'node:crypto';
import type { BianzhiClient } from '@bianzhi/client';

/** The demo's named-roll publication: which unit is classified, whose post is classified, where names are published. */
export const DEMO_NAMED_ROLL = { classifiedUnit: '市机关事务管理局', publishedUnit: '市审计局' } as const;

/**
 * 实名制公示 for the demo city, made as the bureau makes it, through the API (docs/audit.md
 * "Named-roll publication"): the city's switch turned on by a matter filed by the city bureau and
 * approved along its chain by three other people; one unit marked classified (涉密单位) and the first
 * person on 市审计局's roll marked as holding a classified post (涉密岗位), so both are on the platform
 * and absent from the public site. The next publication (the timeliness demo's, which runs after
 * this, or the daily one) carries the named roll.
 */
export async function seedDemoNamedRoll(users: { admin: BianzhiClient; shouli: BianzhiClient; shenhe: BianzhiClient; zhuren: BianzhiClient }): Promise<{ classifiedPosts: number }> {
  const { admin, shouli, shenhe, zhuren } = users;
  const city = (await admin.registry.jurisdiction.list.query({})).find((j) => j.level === 'city')!;
  const year = new Date().getFullYear();

  const [classified] = (await admin.registry.organization.list.query({ search: DEMO_NAMED_ROLL.classifiedUnit })).items;
  if (!classified) throw new Error(`demo named roll: no ${DEMO_NAMED_ROLL.classifiedUnit}`);
  if (!classified.classified) await admin.registry.organization.update.mutate({ id: classified.id, changes: { classified: true } });

  const [published] = (await admin.registry.organization.list.query({ search: DEMO_NAMED_ROLL.publishedUnit })).items;
  const roll = published ? await admin.ledger.person.roll.query({ organizationId: published.id }) : [];
  if (roll.length < 2) throw new Error(`demo named roll: ${DEMO_NAMED_ROLL.publishedUnit} has fewer than two people on its roll`);
  const [secret] = [...roll].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  await admin.ledger.namedRoll.setClassifiedPost.mutate({ slotId: secret!.id, classifiedPost: true });

  const matterId = randomUUID();
  await admin.approval.matter.file.mutate({
    id: matterId,
    kind: 'named_roll_publication',
    title: `关于${city.name}开展机构编制实名制公示的请示`,
    reason: '依据实名制管理规定，按单位公示在编人员姓名、编制类型和岗位类别（涉密单位和涉密岗位除外），接受社会监督',
    namedRoll: { jurisdictionId: city.id, enabled: true },
    documents: [{ title: '关于开展实名制公示的请示', documentNumber: `示编〔${year}〕95号` }],
  });
  await shouli.approval.matter.decide.mutate({ id: matterId, stepIndex: 0, decision: 'approve', comment: '材料齐全', decisionId: randomUUID() });
  await shenhe.approval.matter.decide.mutate({ id: matterId, stepIndex: 1, decision: 'approve', comment: '公示范围和字段符合规定', decisionId: randomUUID() });
  await zhuren.approval.matter.decide.mutate({ id: matterId, stepIndex: 2, decision: 'approve', documentNumber: `示编〔${year}〕96号`, decisionId: randomUUID() });
  return { classifiedPosts: 1 };
}
