import { describe, expect, it } from 'vitest';
import { assertSeparateApprover, canGrantRole, hasPermission, permissions, roles } from './access.js';

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
