import { describe, expect, it } from 'vitest';
import { organizationInScope, type Scope } from './scope.js';

const city = '/c/';
const haishu = '/c/hs/';
const jiangbei = '/c/jb/';
const unit = 'org-1';

describe('organization scope', () => {
  it('shows a department user their own unit when it lies in their jurisdiction', () => {
    const scope: Scope = { path: haishu, onlyOwnJurisdiction: true, organizationId: unit };
    expect(organizationInScope(scope, unit, haishu)).toBe(true);
    expect(organizationInScope(scope, 'org-2', haishu)).toBe(false);
  });

  it('hides a department user’s unit that lies in another jurisdiction', () => {
    const scope: Scope = { path: haishu, onlyOwnJurisdiction: true, organizationId: unit };
    expect(organizationInScope(scope, unit, jiangbei)).toBe(false);
    expect(organizationInScope(scope, unit, city)).toBe(false);
  });

  it('shows an administrator every unit of their subtree and none outside it', () => {
    const scope: Scope = { path: haishu, onlyOwnJurisdiction: false, organizationId: null };
    expect(organizationInScope(scope, unit, `${haishu}t1/`)).toBe(true);
    expect(organizationInScope(scope, unit, jiangbei)).toBe(false);
  });
});
