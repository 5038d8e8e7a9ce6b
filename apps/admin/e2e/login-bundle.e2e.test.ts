import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

// The first screen a user waits for: every script the login route loads, as the browser fetched it,
// gzipped (what a server sends with compression). Budget: 600 KB (issue 9); the rest is split by route.
describe('initial load of the admin UI', () => {
  it('loads under 600 KB of JavaScript (gzipped) on the login route', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.set(new URL(response.url()).pathname, response.body());
    });
    await page.goto(`${baseUrl()}/login`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: /登\s*录/ }).first().waitFor();
    const sizes = await Promise.all([...scripts].map(async ([path, body]) => ({ path, raw: (await body).length, gzip: gzipSync(await body, { level: 9 }).length })));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`login route: ${sizes.length} scripts, ${(sizes.reduce((s, x) => s + x.raw, 0) / 1024).toFixed(0)} KB raw, ${(total / 1024).toFixed(0)} KB gzipped\n${sizes.sort((a, b) => b.gzip - a.gzip).map((s) => `  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB  ${s.path}`).join('\n')}`);
    expect(sizes.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(600 * 1024);
    await context.close();
  });
});
