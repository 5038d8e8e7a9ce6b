import { useState } from 'react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Avatar, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { logout, sessionQuery } from '../api/session.js';
import { LanguageSwitch } from './language-switch.js';
import { useMe } from '../api/me.js';
import { ChangePasswordModal, ForcedPasswordChange } from './change-password.js';

const { Header, Sider, Content } = Layout;

/** The sidebar: an entry shows only for roles holding its permission. */
const navItems = [
  { to: '/workbench', label: 'nav.workbench', permission: 'approval.matter.read' },
  { to: '/jurisdictions', label: 'nav.jurisdictions', permission: 'registry.jurisdiction.read' },
  { to: '/organizations', label: 'nav.organizations', permission: 'registry.organization.read' },
  { to: '/overview', label: 'nav.overview', permission: 'ledger.account.read' },
  { to: '/analysis', label: 'nav.analysis', permission: 'analysis.read' },
  { to: '/standards', label: 'nav.standards', permission: 'analysis.read' },
  { to: '/demand', label: 'nav.demand', permission: 'analysis.demand.read' },
  { to: '/monthly', label: 'nav.monthly', permission: 'ledger.account.read' },
  { to: '/annual-report', label: 'nav.annual', permission: 'analysis.annual.read' },
  { to: '/reforms', label: 'nav.reforms', permission: 'reform.project.read' },
  { to: '/zero-base', label: 'nav.zeroBase', permission: 'reform.project.manage' },
  { to: '/plans', label: 'nav.plans', permission: 'ledger.plan.read' },
  { to: '/power-batches', label: 'nav.powerBatches', permission: 'registry.powerList.manage' },
  { to: '/registration', label: 'registration.nav', permission: 'registry.organization.read' },
  { to: '/policy', label: 'nav.policy', permission: 'registry.policy.read' },
  { to: '/approval-settings', label: 'nav.routing', permission: 'approval.routing.manage' },
  { to: '/violations', label: 'nav.violations', permission: 'audit.violation.read' },
  { to: '/reduction', label: 'nav.reduction', permission: 'ledger.target.read' },
  { to: '/monitoring', label: 'nav.monitoring', permission: 'ledger.monitoring.read' },
  { to: '/notices', label: 'nav.notices', permission: 'audit.notice.read' },
  { to: '/timeliness', label: 'nav.timeliness', permission: 'audit.timeliness.read' },
  { to: '/crosscheck', label: 'nav.crosscheck', permission: 'audit.crosscheck.run' },
  { to: '/evaluation', label: 'nav.evaluation', permission: 'audit.evaluation.read' },
  { to: '/audit-report', label: 'nav.report', permission: 'audit.report.read' },
  { to: '/audit-log', label: 'nav.auditLog', permission: 'audit.log.read' },
  { to: '/users', label: 'nav.users', permission: 'identity.user.read' },
  { to: '/tokens', label: 'nav.tokens', permission: 'identity.token.manage' },
  { to: '/linkage', label: 'nav.linkage', permission: 'audit.subscription.read' },
  { to: '/sessions', label: 'nav.sessions', permission: 'identity.session.own' },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: principal } = useSuspenseQuery(sessionQuery);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const me = useMe();
  const permissions = (me.data?.permissions ?? []) as string[];

  const signOut = async () => {
    await logout();
    queryClient.clear();
    await navigate({ to: '/login' });
  };

  // After an administrator's reset the session may do nothing else: the new password comes first.
  if (me.data?.mustChangePassword) return <ForcedPasswordChange onSignOut={() => void signOut()} />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light" width={208}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>{collapsed ? '编' : t('app.title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[pathname]}
          items={navItems
            .filter((item) => !item.permission || permissions.includes(item.permission))
            .map((item) => ({ key: item.to, label: t(item.label), onClick: () => void navigate({ to: item.to }) }))}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', paddingInline: 24 }}>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          <Space size="large">
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'change-password', label: t('user.changePassword'), onClick: () => setChangingPassword(true) },
                  { key: 'logout', label: t('user.logout'), onClick: () => void signOut() },
                ],
              }}
              trigger={['click']}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu" role="button" tabIndex={0} aria-label={principal?.name}>
                <Avatar style={{ backgroundColor: '#b71c1c' }}>{principal?.name.slice(0, 1)}</Avatar>
                <span>{principal?.name}</span>
                <Typography.Text type="secondary">{principal?.roles.map((r) => t(`user.roles.${r}`)).join('、')}</Typography.Text>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Outlet />
        </Content>
        <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      </Layout>
    </Layout>
  );
}
