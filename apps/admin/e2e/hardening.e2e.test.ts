import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from './browser.js';
import { origin, signInCookie } from './session-client.js';

/** The gateway as a hostile or careless client meets it (issue 20): headers, bad headers, oversized requests. */
let cookie = '';
let browser: Browser;
beforeAll(async () => {
  cookie = await signInCookie('admin', 'bianzhi-dev');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const trpcQuery = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie, ...headers } });

describe('gateway hardening', () => {
  it('sends security headers, and a content security policy with every page', async () => {
    const page = await fetch(`${baseUrl()}/login`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    for (const response of [page, await trpcQuery('registry.jurisdiction.list', {})]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('runs the admin UI under that policy without a violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, 'admin', 'bianzhi-dev');
    await page.getByRole('menuitem').first().waitFor();
    await page.getByRole('menuitem', { name: '编制分析' }).click();
    await page.locator('.ant-statistic').filter({ hasText: '实有人数' }).first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('refuses a cookie mutation with a malformed Referer or Origin with 403, never 500', async () => {
    const malformed: Record<string, string>[] = [{ referer: 'http://[not a url' }, { origin: 'null' }, { origin: '::::' }];
    for (const headers of malformed) {
      const response = await fetch(`${baseUrl()}/trpc/registry.jurisdiction.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ json: { parentId: null, level: 'city', code: '110000', name: '伪造' } }),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it('answers NUL and unpaired surrogates in any string as a field error, in tRPC and in REST', async () => {
    const nul = await trpcQuery('registry.organization.search', { q: '海曙\u0000' });
    expect(nul.status).toBe(400);
    const body = (await nul.json()) as { error: { json: { data: { domainCode: string; fieldErrors: Record<string, string> } } } };
    expect(body.error.json.data.domainCode).toBe('VALIDATION_FAILED');
    expect(Object.values(body.error.json.data.fieldErrors)[0]).toContain('空字符');
    // A lone surrogate cannot be written in a JS string sent as UTF-8, so send the JSON escape itself.
    const surrogate = await fetch(`${baseUrl()}/trpc/ledger.person.search?input=${encodeURIComponent('{"json":{"q":"\\ud800x"}}')}`, { headers: { cookie } });
    expect(surrogate.status).toBe(400);
    const rest = await fetch(`${baseUrl()}/api/v1/registry/organization/list?search=${encodeURIComponent('a\u0000b')}`, { headers: { cookie } });
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('knows no service by an object prototype’s name', async () => {
    for (const path of ['/trpc/constructor.a.b', '/trpc/__proto__.a.b', '/api/v1/constructor/a/b', '/api/v1/toString/a']) {
      expect((await fetch(`${baseUrl()}${path}`, { headers: { cookie } })).status, path).toBe(404);
    }
  });

  it('answers oversized requests with 413, 414 or 431 and stays healthy', async () => {
    const longQuery = await fetch(`${baseUrl()}/trpc/registry.organization.search?input=${'x'.repeat(1_000_000)}`, { headers: { cookie } }).catch(() => null);
    expect(longQuery, 'the connection must be answered, not dropped').not.toBeNull();
    expect([414, 431]).toContain(longQuery!.status);
    const bigBody = await fetch(`${baseUrl()}/trpc/registry.jurisdiction.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: origin() },
      body: JSON.stringify({ json: { name: 'x'.repeat(30 * 1024 * 1024) } }),
    }).catch(() => null);
    expect(bigBody, 'the connection must be answered, not dropped').not.toBeNull();
    expect(bigBody!.status).toBe(413);
    expect((await trpcQuery('registry.jurisdiction.list', {})).status).toBe(200);
  });
});
