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

export const districtOrgans = ['区委办公室', '区政府办公室', '区发展和改革局', '区教育局', '区财政局', '区人力资源和社会保障局', '区卫生健康局', '区市场监督管理局'];
export const districtInstitutions = ['区人民医院'];
