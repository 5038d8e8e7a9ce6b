import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import './contrast.css';

/**
 * The bureau's red, and text colours dark enough for WCAG AA contrast (4.5:1 on white): antd's
 * defaults for secondary text, placeholders and descriptions are lighter than that (checked by
 * the axe-core browser test).
 */
const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    // Links (antd's blue) at 4.1:1 on white are below AA; this blue is 6:1.
    colorLink: '#0958d9',
    // Danger buttons and error text: antd's red (#ff4d4f) is 3.3:1 on white; this one is 5.9:1 (white on it too).
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
  },
};
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import './i18n/index.js';
import { TRPCProvider, trpcClient } from './api/trpc.js';
import { createAppRouter } from './routes.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
const router = createAppRouter(queryClient);

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? antdEnUS : antdZhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <RouterProvider router={router} />
          </TRPCProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
