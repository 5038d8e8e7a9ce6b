import { describe, expect, it } from 'vitest';
import { assertCharterSubject, assertParticulars, assertRegistrationStep, assertReportYear, certificateStanding, changedParticulars, flagsOf, reportDue, type RegisteredUnit, type RegistrationKind, type RegistrationParticulars } from './legal-registration.js';

const particulars: RegistrationParticulars = { name: '市检验检测中心', domicile: '中山路1号', representative: '王强', fundsWan: 100, businessScope: '检验检测', certificateNumber: '事证第133020000001号', validFrom: '2024-01-01', validUntil: '2028-12-31' };
const institution: RegisteredUnit = { name: '市检验检测中心', kind: 'institution', status: 'active' };

const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('legal-person registration', () => {
  it('flags a certificate expiring within the window and expired the day after its last day', () => {
    expect(certificateStanding('2026-12-31', '2026-12-31')).toBe('expiring');
    expect(certificateStanding('2026-12-30', '2026-12-31')).toBe('expired');
    expect(certificateStanding('2027-03-01', '2026-12-31')).toBe('expiring');
    expect(certificateStanding('2027-03-02', '2026-12-31')).toBe('valid');
    expect(certificateStanding('2027-01-10', '2026-12-31', 5)).toBe('valid');
  });

  it('refuses a validity that ends before it starts, and a change that changes nothing', () => {
    expect(code(() => assertParticulars({ ...particulars, validUntil: '2024-01-01' }))).toBe('REGISTRATION_INVALID');
    expect(code(() => assertParticulars(particulars))).toBeNull();
    expect(code(() => changedParticulars(particulars, { ...particulars }))).toBe('REGISTRATION_INVALID');
    expect(changedParticulars(particulars, { ...particulars, domicile: '解放路2号', representative: '李明' })).toEqual(['domicile', 'representative']);
  });

  it('allows each registration only in its state', () => {
    const allowed = (kind: RegistrationKind, unit: RegisteredUnit, current: 'active' | 'cancelled' | null) => code(() => assertRegistrationStep(kind, unit, current ? { status: current } : null)) === null;
    expect(allowed('establish', institution, null)).toBe(true);
    expect(allowed('establish', { ...institution, kind: 'organ' }, null)).toBe(false);
    expect(allowed('establish', institution, 'active')).toBe(false);
    expect(allowed('establish', institution, 'cancelled')).toBe(false);
    expect(allowed('establish', { ...institution, status: 'abolished' }, null)).toBe(false);
    expect(allowed('change', institution, 'active')).toBe(true);
    expect(allowed('change', institution, null)).toBe(false);
    expect(allowed('change', { ...institution, status: 'abolished' }, 'active')).toBe(false);
    expect(allowed('cancel', { ...institution, status: 'abolished' }, 'active')).toBe(true);
    expect(allowed('cancel', institution, 'cancelled')).toBe(false);
  });

  it('flags what the registration lacks to follow the registry', () => {
    const active = { status: 'active' as const, name: particulars.name, validUntil: '2028-12-31' };
    expect(flagsOf(institution, active, '2026-12-01')).toEqual([]);
    expect(flagsOf({ ...institution, status: 'abolished' }, active, '2026-12-01')).toEqual(['cancellation_missing']);
    expect(flagsOf({ ...institution, status: 'converted' }, active, '2026-12-01')).toEqual(['cancellation_missing']);
    expect(flagsOf({ ...institution, status: 'abolished' }, { ...active, status: 'cancelled' }, '2026-12-01')).toEqual([]);
    expect(flagsOf({ ...institution, name: '市质量检验中心' }, active, '2026-12-01')).toEqual(['change_missing']);
    expect(flagsOf(institution, { ...active, validUntil: '2027-01-15' }, '2026-12-01')).toEqual(['certificate_expiring']);
    expect(flagsOf(institution, { ...active, validUntil: '2026-11-30' }, '2026-12-01')).toEqual(['certificate_expired']);
  });

  it('takes the annual report of a past year in which the unit was registered', () => {
    const registration = { registeredOn: '2024-05-01', cancelledOn: null };
    expect(code(() => assertReportYear(2025, '2026-12-01', registration))).toBeNull();
    expect(code(() => assertReportYear(2024, '2026-12-01', registration))).toBeNull();
    expect(code(() => assertReportYear(2026, '2026-12-01', registration))).toBe('REGISTRATION_INVALID');
    expect(code(() => assertReportYear(2023, '2026-12-01', registration))).toBe('REGISTRATION_INVALID');
    expect(code(() => assertReportYear(2025, '2026-12-01', { ...registration, cancelledOn: '2025-06-30' }))).toBe('REGISTRATION_INVALID');
    expect(reportDue(2025, registration)).toBe(true);
    expect(reportDue(2023, registration)).toBe(false);
    expect(reportDue(2025, { ...registration, cancelledOn: '2025-06-30' })).toBe(false);
    expect(reportDue(2025, { ...registration, cancelledOn: '2026-01-10' })).toBe(true);
  });

  it('approves charters of live institutions only', () => {
    expect(code(() => assertCharterSubject(institution))).toBeNull();
    expect(code(() => assertCharterSubject({ ...institution, kind: 'organ' }))).toBe('REGISTRATION_STATE');
    expect(code(() => assertCharterSubject({ ...institution, status: 'abolished' }))).toBe('REGISTRATION_STATE');
  });
});
