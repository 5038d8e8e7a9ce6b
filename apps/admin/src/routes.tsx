import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { sessionQuery } from './api/session.js';
import { AppLayout } from './layout/app-layout.js';
import { LoginPage } from './pages/login-page.js';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });

const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage });

/** 信息公开: the public site, outside the login. */
const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/public',
  component: lazyRouteComponent(() => import('./pages/public/public-page.js'), 'PublicPage'),
});

/** Everything behind login: no session → the login page. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppLayout,
  beforeLoad: async ({ context }) => {
    const principal = await context.queryClient.ensureQueryData(sessionQuery);
    if (!principal) throw redirect({ to: '/login' });
  },
});

/** The landing page is the workbench (工作台) for everyone who takes part in matters. */
const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: async ({ context }) => {
    const principal = await context.queryClient.ensureQueryData(sessionQuery);
    const bureau = principal?.roles.some((r) => ['city_admin', 'district_admin', 'township_admin', 'inspector', 'auditor'].includes(r));
    throw redirect({ to: bureau ? '/workbench' : '/jurisdictions' });
  },
});

const workbenchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/workbench',
  component: lazyRouteComponent(() => import('./pages/matters/workbench-page.js'), 'WorkbenchPage'),
});

const routingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/approval-settings',
  component: lazyRouteComponent(() => import('./pages/matters/routing-page.js'), 'RoutingPage'),
});

const matterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/matters/$matterId',
  component: lazyRouteComponent(() => import('./pages/matters/matter-page.js'), 'MatterPage'),
});

const jurisdictionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jurisdictions',
  component: lazyRouteComponent(() => import('./pages/jurisdictions-page.js'), 'JurisdictionsPage'),
});

const organizationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations',
  component: lazyRouteComponent(() => import('./pages/organizations/organizations-page.js'), 'OrganizationsPage'),
});

const organizationDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$organizationId',
  component: lazyRouteComponent(() => import('./pages/organizations/organization-detail-page.js'), 'OrganizationDetailPage'),
});

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/overview',
  component: lazyRouteComponent(() => import('./pages/overview/overview-page.js'), 'OverviewPage'),
});

const analysisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analysis',
  component: lazyRouteComponent(() => import('./pages/analysis/analysis-page.js'), 'AnalysisPage'),
});

const standardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/standards',
  component: lazyRouteComponent(() => import('./pages/standards/standards-page.js'), 'StandardsPage'),
});

const demandRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/demand',
  component: lazyRouteComponent(() => import('./pages/analysis/demand-page.js'), 'DemandPage'),
});

const zeroBaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/zero-base',
  component: lazyRouteComponent(() => import('./pages/reform/zero-base-page.js'), 'ZeroBasePage'),
});

const reformsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reforms',
  component: lazyRouteComponent(() => import('./pages/reform/projects-page.js'), 'ProjectsPage'),
});

const reformRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reforms/$projectId',
  component: lazyRouteComponent(() => import('./pages/reform/project-page.js'), 'ProjectPage'),
});

const monthlyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/monthly',
  component: lazyRouteComponent(() => import('./pages/monthly/monthly-page.js'), 'MonthlyPage'),
});

const annualReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/annual-report',
  component: lazyRouteComponent(() => import('./pages/analysis/annual-report-page.js'), 'AnnualReportPage'),
});

const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans',
  component: lazyRouteComponent(() => import('./pages/plans/plans-page.js'), 'PlansPage'),
});

const policyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/policy',
  component: lazyRouteComponent(() => import('./pages/policy/policy-page.js'), 'PolicyPage'),
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/users',
  component: lazyRouteComponent(() => import('./pages/users/users-page.js'), 'UsersPage'),
});

const linkageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/linkage',
  component: lazyRouteComponent(() => import('./pages/linkage/linkage-page.js'), 'LinkagePage'),
});
const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tokens',
  component: lazyRouteComponent(() => import('./pages/tokens/tokens-page.js'), 'TokensPage'),
});

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sessions',
  component: lazyRouteComponent(() => import('./pages/sessions/sessions-page.js'), 'SessionsPage'),
});

const auditLogRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit-log',
  component: lazyRouteComponent(() => import('./pages/audit/audit-log-page.js'), 'AuditLogPage'),
});

const violationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/violations',
  component: lazyRouteComponent(() => import('./pages/audit/violations-page.js'), 'ViolationsPage'),
});

const evaluationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/evaluation',
  component: lazyRouteComponent(() => import('./pages/audit/evaluation-page.js'), 'EvaluationPage'),
});

const reductionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reduction',
  component: lazyRouteComponent(() => import('./pages/supervision/reduction-page.js'), 'ReductionPage'),
});
const monitoringRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/monitoring',
  component: lazyRouteComponent(() => import('./pages/supervision/monitoring-page.js'), 'MonitoringPage'),
});
const noticesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notices',
  component: lazyRouteComponent(() => import('./pages/audit/notices-page.js'), 'NoticesPage'),
});
const timelinessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/timeliness',
  component: lazyRouteComponent(() => import('./pages/audit/timeliness-page.js'), 'TimelinessPage'),
});

/** 权责清单调整批次 (docs/registry.md, "Service guides"). */
const powerBatchesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/power-batches',
  component: lazyRouteComponent(() => import('./pages/power-lists/power-batches-page.js'), 'PowerBatchesPage'),
});

/** 事业单位法人登记 (docs/registry.md, "Legal-person registration"). */
const registrationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/registration',
  component: lazyRouteComponent(() => import('./pages/registration/registration-page.js'), 'RegistrationPage'),
});

const crosscheckRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crosscheck',
  component: lazyRouteComponent(() => import('./pages/audit/crosscheck-page.js'), 'CrosscheckPage'),
});

const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit-report',
  component: lazyRouteComponent(() => import('./pages/audit/report-page.js'), 'ReportPage'),
});

const routeTree = rootRoute.addChildren([loginRoute, publicRoute, appRoute.addChildren([indexRoute, workbenchRoute, matterRoute, routingRoute, jurisdictionsRoute, organizationsRoute, organizationDetailRoute, overviewRoute, analysisRoute, standardsRoute, demandRoute, reformsRoute, reformRoute, zeroBaseRoute, monthlyRoute, annualReportRoute, plansRoute, policyRoute, registrationRoute, powerBatchesRoute, violationsRoute, reductionRoute, monitoringRoute, noticesRoute, timelinessRoute, evaluationRoute, crosscheckRoute, reportRoute, auditLogRoute, usersRoute, tokensRoute, linkageRoute, sessionsRoute])]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
