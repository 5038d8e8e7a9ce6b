import { z } from 'zod';
import { plainText, uuid } from './common.js';
import type { postCategories, QuotaType } from './ledger.js';

// 实名制公示 (named-roll publication, issue 25; docs/audit.md "Named-roll publication"): when a
// jurisdiction's switch is on (set only by an approved matter of kind named_roll_publication), the
// public site lists per unit each person's name, quota type and post category — nothing else.

/** The matter (kind named_roll_publication): switch a jurisdiction's named-roll publication on or off. */
export const namedRollPublicationRequest = z.object({ jurisdictionId: uuid, enabled: z.boolean() });
export type NamedRollPublicationRequest = z.infer<typeof namedRollPublicationRequest>;

/** The platform applies an approved matter (system only). */
export const applyNamedRollInput = namedRollPublicationRequest.extend({ matterId: uuid, documentNumber: z.string().max(100).nullable() });
/** What the matter engine reads when one is filed (system only): the jurisdiction's switch now. */
export const namedRollForMatterInput = z.object({ jurisdictionId: uuid });

export interface NamedRollSettingDto {
  jurisdictionId: string;
  enabled: boolean;
  /** The matter that last changed it, with its approval's document number; null while never changed (off). */
  matterId: string | null;
  documentNumber: string | null;
  changedAt: Date | null;
}

/** The roll's writers mark a roll entry as a classified post (涉密岗位): never published by name. */
export const setClassifiedPostInput = z.object({ slotId: uuid, classifiedPost: z.boolean() });

/** The ledger's public roll (system only): the open slots of the units named, classified posts left out. */
export const publicRollInput = z.object({ organizationIds: z.array(uuid).max(100_000) });
export interface PublicRollEntry {
  organizationId: string;
  name: string;
  ledger: QuotaType;
  postCategory: (typeof postCategories)[number];
}

export const postCategoryLabels: Record<(typeof postCategories)[number], string> = { management: '管理岗位', professional: '专业技术岗位', worker: '工勤技能岗位' };

/** One person as published: these three fields and nothing else. */
export interface PublishedPerson {
  name: string;
  quotaType: string;
  postCategory: string;
}

const page = { limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(1_000_000).default(0) };
/** A unit's published named roll, a page at a time. */
export const namedRollInput = z.object({ organizationId: uuid, ...page });
export interface NamedRollPage {
  /** Whether the unit's jurisdiction had named-roll publication on in the latest snapshot. */
  published: boolean;
  total: number;
  items: PublishedPerson[];
}
/** Search of the published named roll by a person's name (and optionally a unit's name). */
export const namedRollSearchInput = z.object({ name: plainText(1, 50), unit: z.string().trim().max(50).optional(), jurisdictionId: uuid.optional(), ...page });
export interface PublishedPersonHit extends PublishedPerson {
  organizationId: string;
  unitName: string;
  jurisdictionName: string;
}
export const namedRollOpenDataInput = z.object({ format: z.enum(['json', 'csv']) });
