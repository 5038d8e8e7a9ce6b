import { bilingual, DomainError } from './errors.js';

/**
 * Rules of service guides (办事指南) and institution-versus-organ authority lists (政事权限清单).
 * docs/registry.md, "Service guides" and "Authority lists".
 */

export interface GuideTiming {
  timeLimitDays: number;
  steps: { name: string; days: number | null }[];
}

/**
 * A guide's steps fit its promised time limit (承诺时限): the working days the steps name add up to
 * no more than it, and no two steps share a name (the flowchart names its boxes by them).
 */
export function assertGuideConsistent(guide: GuideTiming): void {
  const total = guide.steps.reduce((sum, step) => sum + (step.days ?? 0), 0);
  if (total > guide.timeLimitDays) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `steps take ${total} working days, over the time limit of ${guide.timeLimitDays}`,
      { total, timeLimitDays: guide.timeLimitDays },
      bilingual(`各环节时限合计 ${total} 个工作日，超过承诺时限 ${guide.timeLimitDays} 个工作日`, `The steps take ${total} working days, more than the promised ${guide.timeLimitDays}`),
    );
  }
  const seen = new Set<string>();
  for (const step of guide.steps) {
    if (seen.has(step.name)) {
      throw new DomainError('VALIDATION_FAILED', `step ${step.name} appears twice`, { step: step.name }, bilingual(`办理环节“${step.name}”重复`, `The step “${step.name}” appears twice`));
    }
    seen.add(step.name);
  }
}

/** Each decision is listed once: either the supervising organ keeps it or the institution makes it. */
export function assertAuthorityEntriesDistinct(entries: { matter: string }[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.matter)) {
      throw new DomainError('VALIDATION_FAILED', `decision ${entry.matter} is listed twice`, { matter: entry.matter }, bilingual(`权限事项“${entry.matter}”重复列出`, `The decision “${entry.matter}” is listed twice`));
    }
    seen.add(entry.matter);
  }
}

export interface JurisdictionNode {
  id: string;
  parentId: string | null;
  level: 'city' | 'district' | 'township';
}

/**
 * Which jurisdiction's bureau sets an institution's authority list: the one where its supervising
 * organ (主管部门) sits — the level that holds the authority over the institution, as in the
 * authority table — raised to the district for a township, which has no establishment bureau of its
 * own deciding (docs/authority.md: a township's decisions are its district's). Without a supervising
 * organ, the institution's own jurisdiction counts.
 */
export function authorityListJurisdiction(home: JurisdictionNode, parentOf: (id: string) => JurisdictionNode | undefined): string {
  if (home.level !== 'township' || home.parentId === null) return home.id;
  return parentOf(home.parentId)?.id ?? home.id;
}

export function assertMaySetAuthorityList(principal: { jurisdictionId: string | null; kind?: 'user' | 'service' }, decidingJurisdictionId: string, organizationName: string): void {
  if (principal.jurisdictionId === decidingJurisdictionId) return;
  throw new DomainError(
    'AUTHORITY_LIST_NOT_YOURS',
    `the authority list of ${organizationName} is set by the bureau of ${decidingJurisdictionId}`,
    { decidingJurisdictionId },
    bilingual(`${organizationName}的政事权限清单由其主管部门所在地的机构编制部门制定，本级只能查看`, `The authority list of ${organizationName} is set by the bureau where its supervising organ sits; you can only read it`),
  );
}
