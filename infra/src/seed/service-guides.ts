import type { Kysely } from 'kysely';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { ServiceGuideContent } from '@bianzhi/contracts/service-guides';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { adjustPowerList, openPowerBatch } from '@bianzhi/registry/power-list/power-list.service';
import { publishServiceGuide, saveServiceGuide } from '@bianzhi/registry/power-list/service-guide.service';
import { publishAuthorityList } from '@bianzhi/registry/power-list/authority-list.service';

/**
 * The demo city's service guides (办事指南, docs/registry.md): published guides with their
 * flowcharts for items of the three bureaus' published power list (one in a second version), the
 * second half-year's adjustment batch left open with an addition and a removal in it, and the
 * 政事权限清单 of 市疾病预防控制中心 in two versions, set by the city bureau (its supervising organ,
 * 市卫生健康委员会, sits in the city).
 */
const window = (actor: string) => ({ name: '受理', actor, days: 1 });
const guides: Record<string, Record<string, ServiceGuideContent>> = {
  市市场监督管理局: {
    'XK-0101': {
      legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
      conditions: '具有与经营的食品品种、数量相适应的经营场所；有食品安全管理人员和保证食品安全的规章制度',
      materials: ['食品经营许可申请书', '营业执照复印件', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全自查、从业人员健康管理等制度'],
      steps: [window('市政务服务中心市场监管窗口'), { name: '审查', actor: '食品经营监管处', days: 5 }, { name: '现场核查', actor: '食品经营监管处', days: 3 }, { name: '决定', actor: '分管局领导', days: 1 }, { name: '送达', actor: '市政务服务中心市场监管窗口', days: 1 }],
      timeLimitDays: 15,
      fees: '不收费',
      contact: '0574-87190001',
    },
    'JC-0101': {
      legalBasis: '《中华人民共和国食品安全法》第一百一十条',
      conditions: '按年度监督检查计划或投诉举报线索启动',
      materials: ['监督检查计划或线索登记表', '检查人员执法证件'],
      steps: [{ name: '制定检查方案', actor: '食品经营监管处', days: 2 }, { name: '现场检查', actor: '执法检查人员', days: 3 }, { name: '结果处理', actor: '食品经营监管处', days: 5 }, { name: '结果公开', actor: '办公室', days: 5 }],
      timeLimitDays: 20,
      fees: '不收费',
      contact: '0574-87190002',
    },
  },
  市生态环境局: {
    'XK-0201': {
      legalBasis: '《排污许可管理条例》第四条、第八条',
      conditions: '依法取得建设项目环境影响评价文件审批意见或者备案；污染物排放符合排放标准和重点污染物排放总量控制要求',
      materials: ['排污许可证申请表', '自行监测方案', '由排污单位法定代表人或者主要负责人签字的承诺书'],
      steps: [window('市政务服务中心生态环境窗口'), { name: '技术审查', actor: '环境影响评价与排放管理处', days: 10 }, { name: '决定', actor: '分管局领导', days: 3 }, { name: '发证', actor: '市政务服务中心生态环境窗口', days: 1 }],
      timeLimitDays: 20,
      fees: '不收费',
      contact: '0574-87190101',
    },
  },
  市交通运输局: {
    'XK-0301': {
      legalBasis: '《中华人民共和国道路运输条例》第八条、第十条',
      conditions: '有与其经营业务相适应并经检测合格的车辆；有符合条件的驾驶人员；有健全的安全生产管理制度',
      materials: ['道路旅客运输经营申请表', '企业法定代表人身份证明', '拟投入车辆承诺书', '驾驶人员从业资格证明', '安全生产管理制度文本'],
      steps: [window('市政务服务中心交通运输窗口'), { name: '审查', actor: '运输管理处', days: 10 }, { name: '决定', actor: '分管局领导', days: 5 }, { name: '送达', actor: '市政务服务中心交通运输窗口', days: 1 }],
      timeLimitDays: 20,
      fees: '不收费',
      contact: '0574-87190201',
    },
  },
};

const authorityV1 = [
  { matter: '内设机构负责人任免', holder: 'institution' as const, note: '任免后报主管部门备案' },
  { matter: '单位领导班子成员任免', holder: 'organ' as const, note: '' },
  { matter: '年度预算编制和执行', holder: 'institution' as const, note: '' },
  { matter: '公开招聘方案', holder: 'organ' as const, note: '主管部门审核后报人社部门' },
];
const authorityV2 = [
  ...authorityV1.filter((e) => e.matter !== '公开招聘方案'),
  { matter: '公开招聘方案', holder: 'institution' as const, note: '单位自主制定，报主管部门备案（扩大用人自主权）' },
  { matter: '内设机构设置调整', holder: 'organ' as const, note: '主管部门提出意见，报机构编制部门审批' },
];

export async function seedServiceGuides(db: Kysely<unknown>, cityId: string): Promise<void> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const seed = servicePrincipal('seed');
  const units = await registryDb.selectFrom('registry.organizations').select(['id', 'name']).where('name', 'in', [...Object.keys(guides), '市疾病预防控制中心']).execute();
  const idOf = (name: string) => units.find((u) => u.name === name)!.id;
  for (const [unit, byCode] of Object.entries(guides)) {
    const items = await registryDb.selectFrom('registry.power_items').select(['id', 'code']).where('organization_id', '=', idOf(unit)).execute();
    for (const [code, content] of Object.entries(byCode)) {
      const powerItemId = items.find((i) => i.code === code)!.id;
      await saveServiceGuide(registryDb, seed, { powerItemId, content });
      await publishServiceGuide(registryDb, seed, { powerItemId });
    }
  }
  // The food licence's guide in a second version: the review shortened (承诺时限 15 → 10 working days).
  const licence = (await registryDb.selectFrom('registry.power_items').select('id').where('organization_id', '=', idOf('市市场监督管理局')).where('code', '=', 'XK-0101').executeTakeFirstOrThrow()).id;
  const first = guides['市市场监督管理局']!['XK-0101']!;
  await saveServiceGuide(registryDb, seed, { powerItemId: licence, content: { ...first, steps: first.steps.map((s) => (s.name === '审查' ? { ...s, days: 3 } : s.name === '现场核查' ? { ...s, days: 2 } : s)), timeLimitDays: 10 } });
  await publishServiceGuide(registryDb, seed, { powerItemId: licence });

  // The second half-year's batch, open: a new item for the market bureau, and one of the transport bureau's taken off.
  const batch = await openPowerBatch(registryDb, seed, { jurisdictionId: cityId, year: 2026, half: 2 });
  await adjustPowerList(registryDb, seed, {
    batchId: batch.id,
    organizationId: idOf('市市场监督管理局'),
    add: [{ code: 'XK-0102', name: '食品生产许可', category: 'licensing', legalBasis: '《中华人民共和国食品安全法》第三十五条', responsibleBody: '食品生产安全监管处' }],
    remove: [],
  });
  const transportPenalty = await registryDb.selectFrom('registry.power_items').select('id').where('organization_id', '=', idOf('市交通运输局')).where('code', '=', 'CF-0301').executeTakeFirstOrThrow();
  await adjustPowerList(registryDb, seed, { batchId: batch.id, organizationId: idOf('市交通运输局'), add: [], remove: [transportPenalty.id] });

  // The city bureau sets the authority list of an institution its city organ supervises (docs/registry.md).
  const cityBureau: Principal = { kind: 'user', id: 'seed-city-bureau', name: '市编办', roles: ['city_admin'], jurisdictionId: cityId, organizationId: null };
  const centre = idOf('市疾病预防控制中心');
  await publishAuthorityList(registryDb, cityBureau, { organizationId: centre, basedOnVersion: 0, documentNumber: '示编办发〔2025〕21号', effectiveDate: '2025-07-01', entries: authorityV1 });
  await publishAuthorityList(registryDb, cityBureau, { organizationId: centre, basedOnVersion: 1, documentNumber: '示编办发〔2026〕8号', effectiveDate: '2026-03-01', entries: authorityV2 });
}
