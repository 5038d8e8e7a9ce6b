import type { Messages } from './zh-CN.js';

export const en: Messages = {
  app: { title: 'Establishment Platform', subtitle: 'Organizations, quotas and staff' },
  nav: { jurisdictions: 'Jurisdictions' },
  user: { logout: 'Sign out', roles: { city_admin: 'City bureau', district_admin: 'District bureau', township_admin: 'Township', department_user: 'Department user', reform_manager: 'Reform manager', inspector: 'Inspector', auditor: 'Auditor', service: 'External system', system: 'Platform service' } },
  language: { label: 'Language', zh: '中文', en: 'English' },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password',
    failed: 'Sign-in failed',
  },
  common: { search: 'Search', create: 'New', cancel: 'Cancel', save: 'Save', retry: 'Retry', loadFailed: 'Could not load', empty: 'No data', saved: 'Saved' },
  jurisdictions: {
    title: 'Jurisdictions',
    searchPlaceholder: 'Search by name or division code',
    create: 'New jurisdiction',
    columns: { name: 'Name', code: 'Division code', level: 'Level', createdAt: 'Created' },
    levels: { city: 'City', district: 'District / county', township: 'Township / subdistrict' },
    allLevels: 'All levels',
    form: {
      parent: 'Parent jurisdiction',
      parentRequired: 'Choose the parent jurisdiction',
      level: 'Level',
      code: 'Division code',
      codeHelp: '6 digits for cities and districts, 9 for townships',
      codeRequired: 'Enter the division code',
      name: 'Name',
      nameRequired: 'Enter the name',
    },
    created: 'Created {{name}}',
    total: '{{count}} jurisdictions',
  },
  errors: { network: 'Cannot reach the server; check the connection and retry' },
};
