import type { Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { masked } from '../roll/masked.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import type { Engagement } from './workforce.repository.js';

/**
 * 两头占 for people, as both sides tell it: a person already on quota or outside quota somewhere in the
 * city. Where they are is told only to a caller who sees that unit; anyone else learns only that the
 * person is engaged elsewhere, not whether on quota or outside it, nor where. ID numbers are masked.
 */

type Seen = { where: Engagement['where']; unitName: string } | null;

/** The names of these engagements' units that the caller sees (its jurisdictions, then the registry's own scope). */
export async function unitNamesSeenBy(deps: LedgerDeps, principal: Principal, visible: string[] | null, engagements: { organizationId: string; jurisdictionId: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(engagements.filter((e) => !visible || visible.includes(e.jurisdictionId)).map((e) => e.organizationId))];
  // The registry applies the caller's scope again (a unit user sees only their unit).
  return new Map((ids.length ? await deps.scope.lookupOrganizations(principal, { ids }) : []).map((u) => [u.id, u.name]));
}

/** The engagement as the caller may see it: its kind and the unit's name when the unit is in the caller's scope, else null. */
export async function engagementSeenBy(deps: LedgerDeps, principal: Principal, visible: string[] | null, engagement: Engagement): Promise<Seen> {
  const unitName = (await unitNamesSeenBy(deps, principal, visible, [engagement])).get(engagement.organizationId);
  return unitName ? { where: engagement.where, unitName } : null;
}

/**
 * What to say of a person engaged elsewhere: `seen` from engagementSeenBy (null: the neutral text);
 * `becoming` is what the caller tried, to engage them outside quota or to enter them on quota;
 * `who` names them (a sheet's cell says 此人).
 */
export function engagedText(seen: Seen, becoming: 'outside_quota' | 'on_quota', who = { zh: '此人', en: 'this person' }): { zh: string; en: string } {
  if (!seen) return { zh: `${who.zh}已在本市其他单位在编或登记为编外人员，同一人在全市只能在一处`, en: `${who.en} is already on quota or outside quota elsewhere in the city; a person is engaged in one place only` };
  if (seen.where === 'on_quota') return { zh: `${who.zh}在${seen.unitName}在编，不能同时作为编外人员`, en: `${who.en} holds a slot on quota at ${seen.unitName} and cannot also be staff outside quota` };
  return becoming === 'on_quota'
    ? { zh: `${who.zh}是${seen.unitName}的编外人员，须先办理离岗，才能入编（两头占）`, en: `${who.en} is staff outside quota at ${seen.unitName}; end that engagement before entering them on quota` }
    : { zh: `${who.zh}已是${seen.unitName}的编外人员，同一人在全市只能在一处`, en: `${who.en} is already staff outside quota at ${seen.unitName}; a person is engaged in one place only` };
}

/** The refusal (STAFF_ALREADY_ENGAGED) naming the person by name and masked ID number. */
export function engagedRefusal(name: string, idNumber: string, seen: Seen, becoming: 'outside_quota' | 'on_quota'): DomainError {
  const text = engagedText(seen, becoming, { zh: `${name}（${masked(idNumber)}）`, en: `${name} (${masked(idNumber)})` });
  return new DomainError('STAFF_ALREADY_ENGAGED', `${masked(idNumber)} is already ${seen?.where ?? 'engaged'}`, undefined, bilingual(text.zh, text.en));
}
