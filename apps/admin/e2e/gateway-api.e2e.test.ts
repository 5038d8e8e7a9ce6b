import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { createBianzhiClient, type BianzhiRouter } from '@bianzhi/client';
import { baseUrl } from './browser.js';
import { clientWith, login, signInCookie } from './session-client.js';
import { approveAlongChain, approveAtCity } from './matter-chain.js';

let cookie = '';
const client = (locale = 'zh-CN') => clientWith({ cookie }, locale);

beforeAll(async () => {
  cookie = await signInCookie('admin', 'bianzhi-dev');
});

describe('gateway API', () => {
  it('sets an httpOnly, SameSite session cookie on login', async () => {
    const response = await login('admin', 'bianzhi-dev');
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('bianzhi.session_token='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await login('admin', 'wrong-password');
    const unknown = await login('no-such-user', 'wrong-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('slows password guessing per address and username without locking out other users', async () => {
    const limit = Number(process.env.BIANZHI_E2E_LOGIN_LIMIT ?? 10);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < limit; attempt++) statuses.push((await login('probe-rate-limit', 'wrong-password')).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    const limited = await login('probe-rate-limit', 'wrong-password');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: 'Too many requests; try again later' } });
    expect((await login('admin', 'bianzhi-dev')).status).toBe(200);
  });

  it('refuses tRPC calls without a session with 401 in the tRPC error shape', async () => {
    const anonymous = createBianzhiClient({ url: baseUrl() });
    const error = await anonymous.registry.jurisdiction.list.query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<BianzhiRouter>).data).toMatchObject({ httpStatus: 401, domainCode: 'UNAUTHENTICATED' });
    expect((error as TRPCClientError<BianzhiRouter>).message).toBe('请先登录');
  });

  it('answers malformed input with 400 and field errors in the caller’s language', async () => {
    const inEnglish = await client('en').registry.jurisdiction.create.mutate({ parentId: null, level: 'city', code: '12', name: '' } as never).then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(inEnglish?.data).toMatchObject({ httpStatus: 400, domainCode: 'VALIDATION_FAILED' });
    expect(Object.keys((inEnglish?.data as unknown as { fieldErrors: Record<string, string> }).fieldErrors).sort()).toEqual(['code', 'name']);
    expect(inEnglish?.message).toMatch(/^Some fields are invalid/);

    const inChinese = await client('zh-CN').registry.jurisdiction.create.mutate({ parentId: null, level: 'city', code: '12', name: 'x' }).then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(inChinese?.message).toBe('输入有误，请检查标出的字段');
    expect((inChinese?.data as unknown as { fieldErrors: Record<string, string> }).fieldErrors.code).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a cookie-authenticated mutation from a foreign origin (CSRF)', async () => {
    const response = await fetch(`${baseUrl()}/trpc/registry.jurisdiction.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'https://evil.example' },
      body: JSON.stringify({ json: { parentId: null, level: 'city', code: '110000', name: '伪造' } }),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a batch that mixes services', async () => {
    const response = await fetch(`${baseUrl()}/trpc/registry.jurisdiction.list,audit.log.verify?batch=1&input=%7B%7D`, { headers: { cookie } });
    expect(response.status).toBe(400);
  });

  it('establishes an organization as an approved matter, through the reform worker, and records it in the audit log', async () => {
    const api = client();
    const [city] = await api.registry.jurisdiction.list.query({ level: 'city' });
    // 撤一建一: the new bureau takes the place of the data centre, abolished by the same step.
    const [offset] = (await api.registry.organization.list.query({ search: '市大数据发展中心' })).items;
    const unit = { jurisdictionId: city!.id, name: '市数据资源管理局', kind: 'organ' as const, quotaTypes: ['administrative' as const], offsetOrganizationId: offset!.id, allocation: {} };
    // No person establishes a unit directly.
    const direct = await api.registry.organization.create.mutate({ jurisdictionId: city!.id, name: unit.name, kind: 'organ', offsetOrganizationId: offset!.id }).then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(direct?.data?.domainCode).toBe('MATTER_REQUIRED');
    const id = crypto.randomUUID();
    const filing = { id, kind: 'organization_change' as const, title: '设立市数据资源管理局', reason: '数据资源统筹管理', organization: { action: 'establish' as const, unit }, documents: [{ title: '请示', documentNumber: '示数据〔2026〕1号' }] };
    await api.approval.matter.file.mutate(filing);
    // A double click: the same matter, nothing filed twice.
    expect(await api.approval.matter.file.mutate(filing)).toEqual({ id });
    await approveAtCity(id, '示编〔2026〕42号');
    const matter = await api.approval.matter.get.query({ id });
    const organization = await api.registry.organization.get.query({ id: matter.organization!.establishedOrganizationId! });
    expect(organization).toMatchObject({ name: '市数据资源管理局', status: 'active' });
    expect(await api.reform.establishment.get.query({ requestId: matter.organization!.establishmentRequestId! })).toMatchObject({ stage: 'completed', status: 'COMPLETED' });

    let entries: Awaited<ReturnType<typeof api.audit.log.list.query>> = [];
    for (let i = 0; i < 40 && entries.length < 3; i++) {
      entries = await api.audit.log.list.query({ aggregateId: organization.id, limit: 10 });
      if (entries.length < 3) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(entries.map((e) => e.eventType).sort()).toEqual(['ledger.accounts.opened', 'registry.organization.activated', 'registry.organization.created']);
    expect(await api.audit.log.verify.query()).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect((await api.registry.organization.get.query({ id: offset!.id })).status).toBe('abolished');
  });

  it('refuses registry approvals for a unit with an open violation recorded by the audit service, until it is closed', async () => {
    const api = client();
    const [unit] = (await api.registry.organization.list.query({ search: '市统计局' })).items;
    const violation = await api.audit.violation.open.mutate({ organizationId: unit!.id, kind: 'over_quota_hiring', title: '超编进人未整改', description: '2026年专项督查发现', deadline: '2027-03-31' });
    const refused = await api.registry.organization.update.mutate({ id: unit!.id, changes: { funding: 'partial' } }).then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(refused?.data?.domainCode).toBe('POLICY_VIOLATION');
    expect(refused?.message).toContain('超编进人未整改');
    await api.audit.violation.close.mutate({ id: violation.id, conclusion: '已核减超编人员，经复查属实' });
    expect((await api.registry.organization.update.mutate({ id: unit!.id, changes: { funding: 'partial' } })).funding).toBe('partial');
    const entries = await api.audit.log.list.query({ aggregateId: violation.id, limit: 10 });
    expect(entries.map((e) => e.eventType).sort()).toEqual(['audit.violation.closed', 'audit.violation.opened']);
  });

  it('refuses a staffing-use plan for a unit with an open violation, naming the rule; a rectification report does not lift the block, the inspector’s closure does', async () => {
    const city = client();
    const district = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
    const [unit] = (await district.registry.organization.list.query({ search: '海曙区财政局' })).items;
    const planId = crypto.randomUUID();
    await district.ledger.plan.file.mutate({ id: planId, organizationId: unit!.id, ledger: 'administrative', places: 1, endsOn: `${new Date().getFullYear() + 1}-06-30`, reason: '财政专管员补充' });
    const violation = await city.audit.violation.open.mutate({ organizationId: unit!.id, kind: 'ghost_employee', title: '在编不在岗未清理', description: '2026年专项督查发现', deadline: '2027-03-31' });
    // The plan goes to approval as a matter; filing it is refused while the violation is open.
    const fileFor = () => city.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'staffing_plan', title: '海曙区财政局用编计划', reason: '财政专管员补充', plan: { planId }, documents: [{ title: '请示', documentNumber: '海人〔2026〕3号' }] });
    expect(await city.ledger.plan.approve.mutate({ id: planId }).then(() => null, (e: unknown) => (e as TRPCClientError<BianzhiRouter>).data?.code)).toBe('FORBIDDEN');
    const refused = await fileFor().then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(refused?.data?.domainCode).toBe('POLICY_VIOLATION');
    expect(refused?.message).toContain('RECTIFICATION-LINK');
    expect(refused?.message).toContain('在编不在岗未清理');
    expect((await city.ledger.plan.list.query({ organizationId: unit!.id })).find((p) => p.id === planId)?.status).toBe('filed');
    const evidence = { fileName: '整改报告.txt', contentType: 'text/plain', contentBase64: Buffer.from('已清理在编不在岗人员2名').toString('base64') };
    const reported = await district.audit.violation.update.mutate({ id: violation.id, rectification: '已清理并核减', evidence: [evidence] });
    expect(reported).toMatchObject({ status: 'rectifying', evidence: [{ fileName: '整改报告.txt', size: Buffer.byteLength('已清理在编不在岗人员2名') }] });
    const stillRefused = await fileFor().then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(stillRefused?.data?.domainCode).toBe('POLICY_VIOLATION');
    await city.audit.violation.close.mutate({ id: violation.id, conclusion: '经复查已整改到位' });
    const { id } = await fileFor();
    await approveAlongChain(id, '示编〔2026〕99号');
    expect((await city.ledger.plan.get.query({ id: planId })).status).toBe('approved');
  });

  it('reads the rules the registry sets per jurisdiction, and figures per unit and subtree with the registry’s unit names', async () => {
    const city = client();
    const [haishu] = await city.registry.jurisdiction.list.query({ search: '海曙区' });
    const rules = await city.registry.policy.list.query({ jurisdictionId: haishu!.id });
    expect(rules.find((r) => r.id === 'QUOTA-EXIT-ONLY')).toMatchObject({ enabled: true });
    const [unit] = (await city.registry.organization.list.query({ search: '海曙区人力资源和社会保障局' })).items;
    const figures = await city.ledger.balance.get.query({ organizationId: unit!.id });
    const administrative = figures.find((f) => f.ledger === 'administrative')!;
    expect(administrative.quota).toBeGreaterThan(0);
    const monthly = await city.ledger.stats.monthly.query({ month: new Date().toISOString().slice(0, 7), jurisdictionId: haishu!.id });
    expect(monthly.byJurisdiction[0]).toMatchObject({ jurisdictionId: haishu!.id });
    expect(monthly.units.some((u) => u.organizationId === unit!.id && u.name === '海曙区人力资源和社会保障局')).toBe(true);
  });
});
