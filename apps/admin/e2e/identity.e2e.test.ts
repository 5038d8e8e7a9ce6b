import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { BianzhiClient } from '@bianzhi/client';
import { clientWith, login, sessionCookieOf, signInCookie } from './session-client.js';

const password = 'Yongjiang-Bridge-2026';
let admin: BianzhiClient;
let districtAdmin: BianzhiClient;
let cityId: string;
let haishuId: string;
let jiangbeiId: string;
const unique = () => Math.random().toString(36).slice(2, 8);

async function domainCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  return ((error as TRPCClientError<never>).data as { domainCode?: string } | undefined)?.domainCode;
}

beforeAll(async () => {
  admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  districtAdmin = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
  const all = await admin.registry.jurisdiction.list.query({});
  cityId = all.find((j) => j.code === '330200')!.id;
  haishuId = all.find((j) => j.code === '330203')!.id;
  jiangbeiId = all.find((j) => j.code === '330205')!.id;
});

describe('identity: users, grants and scope', () => {
  it('lets a district admin create users only inside the district and only with roles they may grant', async () => {
    const username = `hs-dept-${unique()}`;
    const created = await districtAdmin.identity.user.create.mutate({ username, name: '海曙区教育局用户', role: 'department_user', jurisdictionId: haishuId, password });
    expect(created).toMatchObject({ username, role: 'department_user', disabled: false });
    expect(await domainCodeOf(districtAdmin.identity.user.create.mutate({ username: `jb-${unique()}`, name: '江北', role: 'department_user', jurisdictionId: jiangbeiId, password }))).toBe('OUT_OF_SCOPE');
    expect(await domainCodeOf(districtAdmin.identity.user.create.mutate({ username: `boss-${unique()}`, name: '越权', role: 'city_admin', jurisdictionId: haishuId, password }))).toBe('ROLE_NOT_GRANTABLE');
    // A peer admin only from above: no second account of one's own making to decide one's own matters.
    expect(await domainCodeOf(districtAdmin.identity.user.create.mutate({ username: `peer-${unique()}`, name: '同级', role: 'district_admin', jurisdictionId: haishuId, password }))).toBe('ROLE_NOT_GRANTABLE');
    const listed = await districtAdmin.identity.user.list.query({});
    expect(listed.every((u) => u.username !== 'admin')).toBe(true);
    expect(listed.some((u) => u.username === username)).toBe(true);
  });

  it('refuses weak passwords and taken usernames with a reason', async () => {
    expect(await domainCodeOf(admin.identity.user.create.mutate({ username: `weak-${unique()}`, name: '弱口令', role: 'inspector', jurisdictionId: cityId, password: 'woaini1314' }))).toBe('PASSWORD_TOO_WEAK');
    expect(await domainCodeOf(admin.identity.user.create.mutate({ username: 'admin', name: '重名', role: 'inspector', jurisdictionId: cityId, password }))).toBe('USERNAME_TAKEN');
  });

  it('locks an account after five wrong passwords, even against the right one, and an admin reset unlocks it', async () => {
    const username = `lock-${unique()}`;
    const user = await admin.identity.user.create.mutate({ username, name: '锁定测试', role: 'inspector', jurisdictionId: cityId, password });
    for (let i = 0; i < 5; i++) expect((await login(username, 'wrong-password-x')).status).toBe(401);
    const locked = await login(username, password);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    expect((await admin.identity.user.get.query({ id: user.id })).locked).toBe(true);
    await admin.identity.user.resetPassword.mutate({ id: user.id, password: 'Tianyi-Pavilion-1561' });
    expect((await login(username, 'Tianyi-Pavilion-1561')).status).toBe(200);
  });

  it('ends every session of a disabled user at once and refuses their sign-in', async () => {
    const username = `dis-${unique()}`;
    const user = await admin.identity.user.create.mutate({ username, name: '停用测试', role: 'auditor', jurisdictionId: cityId, password });
    const theirs = clientWith({ cookie: await signInCookie(username, password) });
    expect((await theirs.identity.me.query()).id).toBe(user.id);
    await admin.identity.user.disable.mutate({ id: user.id });
    expect(await domainCodeOf(theirs.identity.me.query())).toBe('UNAUTHENTICATED');
    const refused = await login(username, password);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
  });

  it('takes a new role away from old sessions: the user signs in again to get it', async () => {
    const username = `role-${unique()}`;
    const user = await admin.identity.user.create.mutate({ username, name: '角色测试', role: 'auditor', jurisdictionId: cityId, password });
    const theirs = clientWith({ cookie: await signInCookie(username, password) });
    await admin.identity.user.assignRole.mutate({ id: user.id, role: 'inspector', jurisdictionId: haishuId });
    expect(await domainCodeOf(theirs.identity.me.query())).toBe('UNAUTHENTICATED');
    const again = clientWith({ cookie: await signInCookie(username, password) });
    expect(await again.identity.me.query()).toMatchObject({ roles: ['inspector'], jurisdictionId: haishuId });
  });
});

describe('identity: sessions', () => {
  it('lists, revokes one, and logs out everywhere', async () => {
    const username = `sess-${unique()}`;
    await admin.identity.user.create.mutate({ username, name: '会话测试', role: 'reform_manager', jurisdictionId: cityId, password });
    const first = clientWith({ cookie: await signInCookie(username, password) });
    const second = clientWith({ cookie: await signInCookie(username, password) });
    const sessions = await first.identity.session.list.query();
    expect(sessions).toHaveLength(2);
    const other = sessions.find((s) => !s.current)!;
    await first.identity.session.revoke.mutate({ id: other.id });
    expect(await domainCodeOf(second.identity.me.query())).toBe('UNAUTHENTICATED');
    await first.identity.session.revokeAll.mutate();
    expect(await domainCodeOf(first.identity.me.query())).toBe('UNAUTHENTICATED');
  });

  it('issues a fresh session token at sign-in, whatever cookie the browser brought (no fixation)', async () => {
    const planted = 'bianzhi.session_token=attacker-chosen-value';
    const response = await login('admin', 'bianzhi-dev', { cookie: planted });
    expect(response.status).toBe(200);
    const issued = sessionCookieOf(response);
    expect(issued).toMatch(/^bianzhi\.session_token=/);
    expect(issued).not.toContain('attacker-chosen-value');
    const withPlanted = clientWith({ cookie: planted });
    expect(await domainCodeOf(withPlanted.identity.me.query())).toBe('UNAUTHENTICATED');
  });
});

describe('identity: API tokens of service accounts', () => {
  it('shows a token once, accepts it as Bearer within its scope, and refuses it on the next call after revocation', async () => {
    const account = await admin.identity.user.create.mutate({ username: `svc-payroll-${unique()}`, name: '海曙区工资统发系统', role: 'service', jurisdictionId: haishuId });
    const { token, info } = await admin.identity.token.create.mutate({ userId: account.id, name: '工资统发对接', expiresInDays: 30 });
    expect(token).toMatch(/^bzt_[0-9a-f]{8}_/);
    const listed = await admin.identity.token.list.query();
    const entry = listed.find((t) => t.id === info.id)!;
    expect(entry).toMatchObject({ prefix: info.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);

    const system = clientWith({ token });
    const seen = await system.registry.jurisdiction.list.query({});
    expect(seen.map((j) => j.code)).toContain('330203');
    expect(seen.map((j) => j.code)).not.toContain('330205');
    expect(await domainCodeOf(system.registry.jurisdiction.get.query({ id: jiangbeiId }))).toBe('OUT_OF_SCOPE');

    await admin.identity.token.revoke.mutate({ id: info.id });
    expect(await domainCodeOf(system.registry.jurisdiction.list.query({}))).toBe('UNAUTHENTICATED');
  });

  it('does not let a service account sign in with a password', async () => {
    const username = `svc-nopass-${unique()}`;
    await admin.identity.user.create.mutate({ username, name: '无口令服务账号', role: 'service', jurisdictionId: cityId, password });
    expect((await login(username, password)).status).toBe(401);
  });

  it('records refusals of authenticated callers in the audit log', async () => {
    await domainCodeOf(districtAdmin.registry.jurisdiction.get.query({ id: jiangbeiId }));
    let refusals: Awaited<ReturnType<BianzhiClient['audit']['log']['list']['query']>> = [];
    for (let i = 0; i < 30 && refusals.length === 0; i++) {
      refusals = await admin.audit.log.list.query({ eventType: 'identity.access.refused', limit: 50 });
      if (refusals.length === 0) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(refusals.some((e) => e.actor.name === '海曙区编办管理员')).toBe(true);
  });
});
