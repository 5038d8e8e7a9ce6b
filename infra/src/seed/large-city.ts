import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { copyRows, inTransaction } from './copy.js';
import { nameInitials } from '@bianzhi/registry/organization/search-key';
import { cityOrgans } from './demo-city.js';

/**
 * A Wuhan-scale city for benchmarks: 13 districts, 15 townships each, about 5,500 organizations.
 * Written in bulk (not through the service commands, which the integration tests cover) so that a
 * benchmark run starts in seconds; every organization still gets its first version row.
 */
const districtNames = ['江岸区', '江汉区', '硚口区', '汉阳区', '武昌区', '青山区', '洪山区', '东西湖区', '汉南区', '蔡甸区', '江夏区', '黄陂区', '新洲区'];
const sectors = ['教育', '卫生健康', '文化', '体育', '农业农村', '水务', '交通运输', '城乡建设', '生态环境', '科技', '人力资源', '民政', '市场监管', '应急管理', '自然资源', '住房保障', '商务', '统计', '医疗保障', '档案', '园林', '城市管理', '退役军人', '机关事务'];
const institutionKinds = ['服务中心', '发展中心', '研究所', '管理站', '监测站', '保障中心', '事务中心', '信息中心', '培训中心', '执法支队'];
const districtOrgans = ['区委办公室', '区政府办公室', '区委组织部', '区委宣传部', '区委统战部', '区委政法委员会', '区委机构编制委员会办公室', '区发展和改革局', '区教育局', '区科学技术和经济信息化局', '区公安分局', '区民政局', '区司法局', '区财政局', '区人力资源和社会保障局', '区自然资源和规划分局', '区生态环境分局', '区住房和城市更新局', '区交通运输局', '区水务和湖泊局', '区农业农村局', '区商务局', '区文化和旅游局', '区卫生健康局', '区退役军人事务局', '区应急管理局', '区审计局', '区市场监督管理局', '区统计局', '区医疗保障局', '区城市管理执法局', '区信访局', '区机关事务服务中心', '区人民法院', '区人民检察院', '区总工会', '共青团区委', '区妇女联合会', '区科学技术协会', '区残疾人联合会'];

export interface LargeCityReport {
  cityId: string;
  jurisdictions: number;
  organizations: number;
}

type OrgRow = { id: string; jurisdiction_id: string; parent_id: string | null; name: string; kind: string; institution_class: string | null; funding: string | null; rank: string };

type JurisdictionRow = { id: string; parent_id: string | null; level: string; code: string; name: string; path: string };
export interface CityPlan {
  city: { id: string; code: string; name: string };
  jurisdictions: JurisdictionRow[];
  organizations: OrgRow[];
}

/** The city's jurisdictions and organizations, in memory, ready to load. */
export function planLargeCity(options: { code?: string; name?: string } = {}): CityPlan {
  const cityCode = options.code ?? '420100';
  const city = { id: randomUUID(), code: cityCode, name: options.name ?? '武汉规模市' };
  const jurisdictions = [{ id: city.id, parent_id: null as string | null, level: 'city', code: city.code, name: city.name, path: `/${city.id}/` }];
  const organizations: OrgRow[] = [];
  // Names are unique within the city, as they are in a real one (payrolls and imports name units by them).
  const taken = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) candidate = `${name}（${n}）`;
    taken.add(candidate);
    return candidate;
  };
  const organ = (jurisdictionId: string, name: string, rank: string, parentId: string | null = null): OrgRow => {
    const row = { id: randomUUID(), jurisdiction_id: jurisdictionId, parent_id: parentId, name: unique(name), kind: 'organ', institution_class: null, funding: 'full', rank };
    organizations.push(row);
    return row;
  };
  const institution = (jurisdictionId: string, name: string, rank: string, parentId: string | null, index: number) => {
    organizations.push({ id: randomUUID(), jurisdiction_id: jurisdictionId, parent_id: parentId, name: unique(name), kind: 'institution', institution_class: index % 5 === 0 ? 'welfare_2' : 'welfare_1', funding: index % 5 === 0 ? 'partial' : 'full', rank });
  };

  const cityUnits = cityOrgans.map((name) => organ(city.id, name, 'fu_ting'));
  for (let i = 0; i < 620; i++) {
    const sector = sectors[i % sectors.length]!;
    const kind = institutionKinds[Math.floor(i / sectors.length) % institutionKinds.length]!;
    const round = Math.floor(i / (sectors.length * institutionKinds.length));
    institution(city.id, `市${sector}${kind}${round ? `第${round + 1}分部` : ''}`, 'zheng_chu', cityUnits[i % cityUnits.length]!.id, i);
  }
  districtNames.forEach((districtName, d) => {
    const district = { id: randomUUID(), code: `${cityCode.slice(0, 4)}${String(d + 2).padStart(2, '0')}` };
    jurisdictions.push({ id: district.id, parent_id: city.id, level: 'district', code: district.code, name: districtName, path: `/${city.id}/${district.id}/` });
    const local = (name: string) => `${districtName}${name.slice(1)}`;
    const units = districtOrgans.map((name) => organ(district.id, local(name), 'zheng_chu'));
    for (let i = 0; i < 240; i++) {
      const sector = sectors[i % sectors.length]!;
      const kind = institutionKinds[Math.floor(i / sectors.length) % institutionKinds.length]!;
      const round = Math.floor(i / (sectors.length * institutionKinds.length));
      institution(district.id, `${districtName}${sector}${kind}${round ? `第${round + 1}分部` : ''}`, 'fu_chu', units[i % units.length]!.id, i);
    }
    for (let t = 0; t < 15; t++) {
      const township = { id: randomUUID(), name: `${districtName.slice(0, -1)}第${t + 1}街道` };
      jurisdictions.push({ id: township.id, parent_id: district.id, level: 'township', code: `${district.code}${String(t + 1).padStart(3, '0')}`, name: township.name, path: `/${city.id}/${district.id}/${township.id}/` });
      const seat = organ(township.id, `${township.name}办事处`, 'fu_chu');
      for (const [i, suffix] of ['社区服务中心', '综合执法中心', '党群服务中心', '退役军人服务站', '社会治安综合治理中心'].entries()) institution(township.id, `${township.name}${suffix}`, 'zheng_ke', seat.id, i);
    }
  });

  return { city, jurisdictions, organizations };
}

const actor = JSON.stringify({ kind: 'system', id: 'large-city-generator' });

/**
 * Writes planned cities with COPY in the caller's transaction: jurisdictions, organizations and
 * each organization's first version row (what the registry's own commands would have recorded).
 */
export async function copyCityPlans(client: pg.ClientBase, plans: CityPlan[]): Promise<void> {
  const jurisdictions = plans.flatMap((p) => p.jurisdictions);
  const organizations = plans.flatMap((p) => p.organizations);
  await copyRows(client, 'registry.jurisdictions', ['id', 'parent_id', 'level', 'code', 'name', 'path'], jurisdictions.map((j) => [j.id, j.parent_id, j.level, j.code, j.name, j.path]));
  const columns = ['id', 'jurisdiction_id', 'parent_id', 'name', 'kind', 'institution_class', 'funding', 'rank', 'name_initials', 'status', 'basis', 'effective_date'] as const;
  // One COPY is one statement: the parent references are checked at its end, in any row order.
  await copyRows(client, 'registry.organizations', columns, organizations.map((o) => [o.id, o.jurisdiction_id, o.parent_id, o.name, o.kind, o.institution_class, o.funding, o.rank, nameInitials(o.name), 'active', 'inventory', '2020-01-01']));
  await copyRows(
    client,
    'registry.organization_versions',
    ['organization_id', 'version', 'change', 'effective_date', 'actor', 'snapshot'],
    (function* () {
      for (const o of organizations) yield [o.id, 1, 'recorded', '2020-01-01', actor, JSON.stringify({ ...o, status: 'active', departments: [] })];
    })(),
  );
}

/** One Wuhan-scale city (about 5,500 organizations) written to the database; see `planLargeCity`. */
export async function generateLargeCity(databaseUrl: string, options: { code?: string; name?: string } = {}): Promise<LargeCityReport> {
  const plan = planLargeCity(options);
  await inTransaction(databaseUrl, (client) => copyCityPlans(client, [plan]));
  return { cityId: plan.city.id, jurisdictions: plan.jurisdictions.length, organizations: plan.organizations.length };
}
