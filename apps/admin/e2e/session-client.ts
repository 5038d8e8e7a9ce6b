import { createBianzhiClient } from '@bianzhi/client';
import { baseUrl } from './browser.js';

export const origin = () => new URL(baseUrl()).origin;

export async function login(username: string, password: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: origin(), 'accept-language': 'en', ...extraHeaders },
    body: JSON.stringify({ username, password }),
  });
}

export function sessionCookieOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Signs in and returns the session cookie; fails the test when sign-in fails. */
export async function signInCookie(username: string, password: string): Promise<string> {
  const response = await login(username, password);
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed with ${response.status}: ${await response.text()}`);
  return sessionCookieOf(response);
}

/** The typed client as another system would use it: with a session cookie or an API token. */
export function clientWith(auth: { cookie?: string; token?: string }, locale = 'zh-CN') {
  return createBianzhiClient({
    url: baseUrl(),
    locale: () => locale,
    ...(auth.token ? { token: auth.token } : {}),
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), ...(auth.cookie ? { cookie: auth.cookie } : {}), origin: origin() } }),
  });
}
