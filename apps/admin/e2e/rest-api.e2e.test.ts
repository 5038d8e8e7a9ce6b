import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@scalar/openapi-parser';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

/** The REST face of the API as a system not written in TypeScript uses it: curl, a token, JSON. */
let token = '';
let jiangbeiId = '';
let browser: Browser;

// The answers are whatever JSON the API gives; the assertions say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function curl(path: string, options: { token?: string | null; method?: string; body?: unknown; locale?: string } = {}): { status: number; contentType: string; body: any } {
  const args = ['-sS', '-o', '-', '-w', '\n%{http_code} %{content_type}', '-H', `Accept-Language: ${options.locale ?? 'zh-CN'}`];
  if (options.token !== null) args.push('-H', `Authorization: Bearer ${options.token ?? token}`);
  if (options.method) args.push('-X', options.method);
  if (options.body !== undefined) args.push('-H', 'Content-Type: application/json', '--data', JSON.stringify(options.body));
  const out = execFileSync('curl', [...args, `${baseUrl()}${path}`], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  const [status, contentType = ''] = out.slice(cut + 1).split(' ');
  const text = out.slice(0, cut);
  return { status: Number(status), contentType, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  const all = await admin.registry.jurisdiction.list.query({});
  const haishuId = all.find((j) => j.code === '330203')!.id;
  jiangbeiId = all.find((j) => j.code === '330205')!.id;
  const account = await admin.identity.user.create.mutate({ username: `svc-rest-${Math.random().toString(36).slice(2, 8)}`, name: '海曙区社保系统', role: 'service', jurisdictionId: haishuId });
  token = (await admin.identity.token.create.mutate({ userId: account.id, name: 'REST 对接', expiresInDays: 30 })).token;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('REST API and its OpenAPI document', () => {
  it('answers GET with query parameters as plain JSON, within the token’s jurisdiction', () => {
    const jurisdictions = curl('/api/v1/registry/jurisdiction/list');
    expect(jurisdictions.status).toBe(200);
    expect(jurisdictions.contentType).toMatch(/^application\/json/);
    const codes = (jurisdictions.body as { code: string }[]).map((j) => j.code);
    expect(codes).toContain('330203');
    expect(codes).not.toContain('330205');

    const page = curl('/api/v1/registry/organization/list?limit=3&includeSubJurisdictions=true');
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(page.body.items.length).toBeLessThanOrEqual(3);
    expect(page.body.items.every((o: { name: string }) => typeof o.name === 'string')).toBe(true);
  });

  it('answers the roll verification of a payroll system by POST, and records nothing it was not asked', () => {
    const [unit] = curl('/api/v1/registry/organization/list?limit=1').body.items as { id: string }[];
    const body = '33020319800101123';
    const stranger = body + idNumberCheckCharacter(body);
    const answer = curl('/api/v1/ledger/verification/roll', { method: 'POST', body: { idNumber: stranger, organizationId: unit!.id, asOf: '2026-06-30', purpose: '工资统发' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ onRoll: false, organizationId: unit!.id, asOf: '2026-06-30', quotaType: null, since: null });
    // A mutation by GET is refused, and nothing is verified.
    expect(curl(`/api/v1/ledger/verification/roll?idNumber=${stranger}`).status).toBe(405);
  });

  it('refuses with problem JSON: out of scope, wrong input in the caller’s language, no token, not offered', () => {
    const outside = curl(`/api/v1/registry/jurisdiction/get?id=${jiangbeiId}`);
    expect(outside.status).toBe(403);
    expect(outside.contentType).toMatch(/^application\/problem\+json/);
    expect(outside.body).toMatchObject({ code: 'OUT_OF_SCOPE', status: 403 });

    const wrong = curl('/api/v1/registry/organization/list?limit=abc');
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(wrong.body.fieldErrors)).toEqual(['limit']);
    expect(wrong.body.title).toMatch(/[\u4e00-\u9fff]/);
    expect(curl('/api/v1/registry/organization/list?limit=abc', { locale: 'en' }).body.title).toMatch(/^Some fields are invalid/);

    expect(curl('/api/v1/registry/jurisdiction/list', { token: null })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(curl('/api/v1/registry/jurisdiction/list', { token: 'bzt_00000000_forged' }).status).toBe(401);
    // Administrators' procedures are not offered over REST (nor could a service account call them).
    expect(curl('/api/v1/registry/jurisdiction/create', { method: 'POST', body: { parentId: null, level: 'city', code: '110000', name: '伪造' } }).status).toBe(404);
    expect(curl('/api/v1/registry/../audit/log/list').status).toBe(404);
  });

  it('serves an OpenAPI 3.1 document that validates and lists exactly what a service account may call', async () => {
    const response = await fetch(`${baseUrl()}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; 'x-bianzhi-permission': string }>> };
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.paths['/api/v1/registry/organization/list']?.get?.operationId).toBe('registry.organization.list');
    expect(document.paths['/api/v1/ledger/person/roll']?.get?.['x-bianzhi-permission']).toBe('ledger.person.read');
    expect(document.paths['/api/v1/ledger/verification/roll']?.post?.operationId).toBe('ledger.verification.roll');
    expect(document.paths['/api/v1/registry/jurisdiction/create']).toBeUndefined();
    expect(Object.keys(document.paths).some((p) => p.startsWith('/api/v1/audit/log/ingest'))).toBe(false);
  });

  it('shows the interactive reference page from the platform itself', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== new URL(baseUrl()).origin) external.push(request.url());
    });
    await page.goto(`${baseUrl()}/api/docs`);
    await expect(page.title()).resolves.toBe('编制管理平台 API 参考');
    await page.getByText('编制管理平台 API (Bianzhi)').first().waitFor({ timeout: 20_000 });
    await page.getByText('registry.organization', { exact: true }).first().click();
    await page.getByText('/api/v1/registry/organization/list').first().waitFor();
    expect(external).toEqual([]);
    await page.close();
  });
});
