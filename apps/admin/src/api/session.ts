import { queryOptions } from '@tanstack/react-query';
import type { Principal } from '@bianzhi/domain/access';
import { currentLanguage } from '../i18n/index.js';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<Principal | null> => {
    const response = await fetch('/api/auth/session', { credentials: 'same-origin' });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`session check failed: ${response.status}`);
    return ((await response.json()) as { principal: Principal }).principal;
  },
  staleTime: 60_000,
});

export class LoginError extends Error {}

export async function login(username: string, password: string): Promise<void> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'accept-language': currentLanguage() },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new LoginError(body?.error?.message ?? response.statusText);
  }
}

export async function logout(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
}

export const providersQuery = queryOptions({
  queryKey: ['auth-providers'],
  queryFn: async (): Promise<{ oidc: { name: string } | null }> => {
    const response = await fetch('/api/auth/providers');
    return response.ok ? ((await response.json()) as { oidc: { name: string } | null }) : { oidc: null };
  },
  staleTime: Infinity,
});

/** Starts single sign-on: the gateway answers with the identity provider's URL to go to. */
export async function startSingleSignOn(): Promise<void> {
  const response = await fetch('/api/auth/sign-in/social', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'gov-idp', callbackURL: '/', errorCallbackURL: '/login?sso=failed' }),
  });
  const body = (await response.json().catch(() => null)) as { url?: string } | null;
  if (!response.ok || !body?.url) throw new LoginError(response.statusText);
  window.location.assign(body.url);
}
