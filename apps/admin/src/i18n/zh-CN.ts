export const zhCN = {
  app: { title: '编制管理平台', subtitle: '机构编制实名制管理' },
  nav: { jurisdictions: '区划管理' },
  user: { logout: '退出登录', roles: { city_admin: '市编办', district_admin: '区县编办', township_admin: '乡镇（街道）', department_user: '部门用户', reform_manager: '改革项目负责人', inspector: '督查', auditor: '审计', service: '外部系统', system: '平台服务' } },
  language: { label: '语言', zh: '中文', en: 'English' },
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    failed: '登录失败',
  },
  common: { search: '搜索', create: '新建', cancel: '取消', save: '保存', retry: '重试', loadFailed: '加载失败', empty: '暂无数据', saved: '已保存' },
  jurisdictions: {
    title: '行政区划',
    searchPlaceholder: '按名称或区划代码搜索',
    create: '新建区划',
    columns: { name: '名称', code: '区划代码', level: '层级', createdAt: '创建时间' },
    levels: { city: '市本级', district: '区县', township: '乡镇（街道）' },
    allLevels: '全部层级',
    form: {
      parent: '上级区划',
      parentRequired: '请选择上级区划',
      level: '层级',
      code: '区划代码',
      codeHelp: '市、区县为6位，乡镇（街道）为9位',
      codeRequired: '请输入区划代码',
      name: '名称',
      nameRequired: '请输入名称',
    },
    created: '已创建区划：{{name}}',
    total: '共 {{count}} 个区划',
  },
  errors: { network: '无法连接服务器，请检查网络后重试' },
};

export type Messages = typeof zhCN;
