/**
 * The demo city: a municipality with six districts, three subdistricts each, and about a hundred
 * party/government organs and public institutions. Names follow real bureau practice.
 */
export const demoCity = { code: '330200', name: '示范市' };

export const demoDistricts = [
  { code: '330203', name: '海曙区', townships: ['南门街道', '西门街道', '石碶街道'] },
  { code: '330205', name: '江北区', townships: ['中马街道', '白沙街道', '庄桥街道'] },
  { code: '330206', name: '北仑区', townships: ['新碶街道', '大碶街道', '春晓街道'] },
  { code: '330211', name: '镇海区', townships: ['招宝山街道', '蛟川街道', '骆驼街道'] },
  { code: '330212', name: '鄞州区', townships: ['钟公庙街道', '首南街道', '姜山镇'] },
  { code: '330213', name: '奉化区', townships: ['锦屏街道', '岳林街道', '溪口镇'] },
];

export const cityOrgans = [
  '市委办公室', '市政府办公室', '市委组织部', '市委宣传部', '市委统战部', '市委政法委员会', '市委机构编制委员会办公室',
  '市发展和改革委员会', '市经济和信息化局', '市教育局', '市科学技术局', '市公安局', '市民政局', '市司法局', '市财政局',
  '市人力资源和社会保障局', '市自然资源和规划局', '市生态环境局', '市住房和城乡建设局', '市交通运输局', '市水利局',
  '市农业农村局', '市商务局', '市文化广电旅游局', '市卫生健康委员会', '市退役军人事务局', '市应急管理局', '市审计局',
  '市市场监督管理局', '市统计局', '市医疗保障局', '市机关事务管理局', '市人民法院', '市人民检察院',
];

export const cityInstitutions = [
  '市第一医院', '市第二医院', '市中医院', '市妇女儿童医院', '市第一中学', '市第二中学', '市职业技术学院', '市图书馆',
  '市博物馆', '市档案馆', '市疾病预防控制中心', '市公共资源交易中心', '市不动产登记服务中心', '市大数据发展中心',
  '市园林管理服务中心', '市政务服务中心',
];

/**
 * Which branch an organ of the demo city belongs to, from its name as bureaus write it: 市委…/区委…
 * are party organs, courts and procuratorates others, the rest (…局, …委员会, 政府办公室, township
 * governments and subdistrict offices) government.
 */
export function organBranchOf(name: string): 'party' | 'government' | 'other' {
  if (/^(市|区)委/.test(name) || /^.{2,4}区委/.test(name)) return 'party';
  if (/人民法院|人民检察院/.test(name)) return 'other';
  return 'government';
}

/**
 * Organization limits (机构限额, seed 003) as the level above set them: the city's organs at their
 * present number with a few places to spare, its government departments exactly at theirs (a new one
 * needs one abolished); each district's likewise; and the staffing range of an internal department.
 */
export const cityLimits = {
  documentNumber: '示编〔2025〕8号',
  limits: [
    { category: 'organ_all', maximum: 40 },
    { category: 'organ_party', maximum: 7 },
    { category: 'organ_government', maximum: 26 },
    { category: 'institution_all', maximum: 30 },
  ],
  departmentRange: { minHeadcount: 5, maxHeadcount: 20 },
} as const;
export const districtLimits = {
  documentNumber: '示编〔2025〕9号',
  limits: [
    { category: 'organ_all', maximum: 12 },
    { category: 'organ_government', maximum: 9 },
    { category: 'institution_all', maximum: 10 },
  ],
  departmentRange: { minHeadcount: 3, maxHeadcount: 15 },
} as const;

export const districtOrgans = ['区委办公室', '区政府办公室', '区发展和改革局', '区教育局', '区财政局', '区人力资源和社会保障局', '区卫生健康局', '区市场监督管理局'];
export const districtInstitutions = ['区人民医院'];

/** Supervising organ (主管部门) of each city institution. */
export const cityInstitutionParents: Record<string, string> = {
  市第一医院: '市卫生健康委员会',
  市第二医院: '市卫生健康委员会',
  市中医院: '市卫生健康委员会',
  市妇女儿童医院: '市卫生健康委员会',
  市疾病预防控制中心: '市卫生健康委员会',
  市第一中学: '市教育局',
  市第二中学: '市教育局',
  市职业技术学院: '市教育局',
  市图书馆: '市文化广电旅游局',
  市博物馆: '市文化广电旅游局',
  市档案馆: '市委办公室',
  市公共资源交易中心: '市政府办公室',
  市不动产登记服务中心: '市自然资源和规划局',
  市大数据发展中心: '市政府办公室',
  市园林管理服务中心: '市住房和城乡建设局',
  市政务服务中心: '市政府办公室',
};

/** Extra names carried by one body (加挂牌子) and offices sharing it (合署办公). */
export const cityNameplates: Record<string, { name: string; kind: 'nameplate' | 'co_located' }[]> = {
  市委组织部: [{ name: '市公务员局', kind: 'nameplate' }],
  市委宣传部: [{ name: '市新闻出版局', kind: 'nameplate' }, { name: '市电影局', kind: 'nameplate' }],
  市委统战部: [{ name: '市民族宗教事务局', kind: 'co_located' }],
  市委办公室: [{ name: '市委保密委员会办公室', kind: 'co_located' }, { name: '市国家保密局', kind: 'nameplate' }],
  市教育局: [{ name: '市语言文字工作委员会办公室', kind: 'nameplate' }],
  市审计局: [{ name: '市委审计委员会办公室', kind: 'co_located' }],
};

/** Public-institution class and funding by the kind of institution. */
export function institutionProfile(name: string): { institutionClass: 'welfare_1' | 'welfare_2'; funding: 'full' | 'partial' } {
  return /医院|学院/.test(name) ? { institutionClass: 'welfare_2', funding: 'partial' } : { institutionClass: 'welfare_1', funding: 'full' };
}

/** The bureau's own three-determinations document, as a sample of a fully recorded unit. */
export const bureauDocument = {
  organ: '市委机构编制委员会办公室',
  documentNumber: '示委办发〔2019〕21号',
  effectiveDate: '2019-03-01',
  functions: [
    '贯彻执行党中央关于机构编制工作的方针政策和法律法规',
    '研究拟订全市行政管理体制和机构改革方案',
    '审核市级党政机关和事业单位的职能配置、内设机构和人员编制',
    '负责机构编制的监督检查和实名制管理',
  ],
  departments: [
    { name: '综合处', headcount: 9 },
    { name: '行政机构编制处', headcount: 10 },
    { name: '事业机构编制处', headcount: 9 },
    { name: '监督检查处', headcount: 8 },
  ],
  staffing: { administrative: 34, organ_worker: 2 },
};

/** Subdistricts run on 4+2+2 (002); towns keep a government office with a few functional offices. */
export const subdistrictDepartments = [
  { name: '党建工作办公室', type: 'office' as const, headcount: 9 },
  { name: '公共管理办公室', type: 'office' as const, headcount: 10 },
  { name: '公共服务办公室', type: 'office' as const, headcount: 10 },
  { name: '公共安全办公室', type: 'office' as const, headcount: 9 },
  { name: '经济发展办公室', type: 'office' as const, headcount: 8 },
  { name: '综合信息指挥室', type: 'platform' as const, headcount: 8 },
  { name: '综合行政执法队', type: 'platform' as const, headcount: 12 },
];

/** A half-year's published power list for three enforcement bureaus. */
export const powerListSample: Record<string, { code: string; name: string; category: 'licensing' | 'penalty' | 'inspection' | 'enforcement'; legalBasis: string; responsibleBody: string }[]> = {
  市市场监督管理局: [
    { code: 'XK-0101', name: '食品经营许可', category: 'licensing', legalBasis: '《中华人民共和国食品安全法》第三十五条', responsibleBody: '食品经营监管处' },
    { code: 'CF-0101', name: '对未取得食品经营许可从事食品经营活动的处罚', category: 'penalty', legalBasis: '《中华人民共和国食品安全法》第一百二十二条', responsibleBody: '执法稽查局' },
    { code: 'JC-0101', name: '食品安全监督检查', category: 'inspection', legalBasis: '《中华人民共和国食品安全法》第一百一十条', responsibleBody: '食品经营监管处' },
  ],
  市生态环境局: [
    { code: 'XK-0201', name: '排污许可证核发', category: 'licensing', legalBasis: '《排污许可管理条例》第四条', responsibleBody: '环境影响评价与排放管理处' },
    { code: 'QZ-0201', name: '查封、扣押造成污染物排放的设施设备', category: 'enforcement', legalBasis: '《中华人民共和国环境保护法》第二十五条', responsibleBody: '生态环境保护综合行政执法队' },
  ],
  市交通运输局: [
    { code: 'XK-0301', name: '道路旅客运输经营许可', category: 'licensing', legalBasis: '《中华人民共和国道路运输条例》第八条', responsibleBody: '运输管理处' },
    { code: 'CF-0301', name: '对未取得道路运输经营许可擅自从事经营的处罚', category: 'penalty', legalBasis: '《中华人民共和国道路运输条例》第六十三条', responsibleBody: '交通运输综合行政执法支队' },
  ],
};
