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
