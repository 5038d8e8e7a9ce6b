import { describe, expect, it } from 'vitest';
import { assertSeparateApprover, canGrantRole, hasPermission, outranks, permissions, personOf, roles } from './access.js';

describe('permissions', () => {
  it('lets a city admin create jurisdictions and refuses an auditor', () => {
    expect(hasPermission({ roles: ['city_admin'] }, 'registry.jurisdiction.create')).toBe(true);
    expect(hasPermission({ roles: ['auditor'] }, 'registry.jurisdiction.create')).toBe(false);
    expect(hasPermission({ roles: ['auditor'] }, 'registry.jurisdiction.read')).toBe(true);
  });

  it('gives the auditor no write permission at all', () => {
    // Signing out one's own sessions is the only change an auditor makes, and it touches no records.
    const writes = Object.entries(permissions).filter(([name]) => !name.endsWith('.read') && name !== 'identity.session.own');
    for (const [name, allowed] of writes) expect(allowed, name).not.toContain('auditor');
  });

  it('lets nobody grant the platform role or more than their own standing', () => {
    for (const role of roles) expect(canGrantRole({ roles: [role] }, 'system')).toBe(false);
    expect(canGrantRole({ roles: ['district_admin'] }, 'city_admin')).toBe(false);
    expect(canGrantRole({ roles: ['district_admin'] }, 'township_admin')).toBe(true);
    // A peer bureau admin only from above: no accounts of one's own making to decide one's own matters.
    expect(canGrantRole({ roles: ['district_admin'] }, 'district_admin')).toBe(false);
    expect(canGrantRole({ roles: ['township_admin'] }, 'township_admin')).toBe(false);
    expect(canGrantRole({ roles: ['township_admin'] }, 'inspector')).toBe(false);
    expect(canGrantRole({ roles: ['auditor'] }, 'department_user')).toBe(false);
  });

  it('only names known roles', () => {
    for (const allowed of Object.values(permissions)) for (const role of allowed) expect(roles).toContain(role);
  });
});

describe('separation of duties', () => {
  it('refuses an approval by the person who filed the request', () => {
    expect(() => assertSeparateApprover('u-1', { id: 'u-1' })).toThrow(/cannot approve/);
    expect(() => assertSeparateApprover('u-1', { id: 'u-2' })).not.toThrow();
  });
});

describe('separation of duties between persons', () => {
  it('refuses an approval by another account of the person who filed', () => {
    const filer = { id: 'account-a', personId: 'person-1' };
    expect(() => assertSeparateApprover(filer, { id: 'account-b', personId: 'person-1' })).toThrow(/cannot approve/);
    expect(() => assertSeparateApprover('person-1', { id: 'account-b', personId: 'person-1' })).toThrow(/cannot approve/);
    expect(() => assertSeparateApprover(filer, { id: 'account-a', personId: 'person-9' })).toThrow(/cannot approve/);
    expect(() => assertSeparateApprover(filer, { id: 'account-c', personId: 'person-2' })).not.toThrow();
  });

  it('compares accounts when the stored filer has no person id', () => {
    expect(() => assertSeparateApprover({ id: 'account-a' }, { id: 'account-a', personId: 'person-1' })).toThrow(/cannot approve/);
    expect(() => assertSeparateApprover({ id: 'account-a', personId: null }, { id: 'account-b', personId: 'person-1' })).not.toThrow();
  });

  it('takes the account as the person when no person id is known', () => {
    expect(personOf({ id: 'account-a' })).toBe('account-a');
    expect(personOf({ id: 'account-a', personId: null })).toBe('account-a');
    expect(personOf({ id: 'account-a', personId: 'person-1' })).toBe('person-1');
  });
});

describe('password reset standing', () => {
  it('lets only a strictly higher standing reset a password', () => {
    expect(outranks({ roles: ['city_admin'] }, { roles: ['district_admin'] })).toBe(true);
    expect(outranks({ roles: ['district_admin'] }, { roles: ['township_admin'] })).toBe(true);
    expect(outranks({ roles: ['district_admin'] }, { roles: ['department_user'] })).toBe(true);
    expect(outranks({ roles: ['township_admin'] }, { roles: ['department_user'] })).toBe(true);
    expect(outranks({ roles: ['district_admin'] }, { roles: ['district_admin'] })).toBe(false);
    expect(outranks({ roles: ['city_admin'] }, { roles: ['city_admin'] })).toBe(false);
    expect(outranks({ roles: ['township_admin'] }, { roles: ['district_admin'] })).toBe(false);
    expect(outranks({ roles: ['inspector'] }, { roles: ['auditor'] })).toBe(false);
  });
});
