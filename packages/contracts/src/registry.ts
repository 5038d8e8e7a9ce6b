import { z } from 'zod';
import { jurisdictionLevels } from '@bianzhi/domain/jurisdiction';
import { idempotencyKey, uuid } from './common.js';

export const jurisdictionLevel = z.enum(jurisdictionLevels);

export const createJurisdictionInput = z.object({
  parentId: uuid.nullable(),
  level: jurisdictionLevel,
  code: z.string().trim().regex(/^\d{6}(\d{3})?$/),
  name: z.string().trim().min(1).max(100),
});
export type CreateJurisdictionInput = z.infer<typeof createJurisdictionInput>;

export const listJurisdictionsInput = z
  .object({
    search: z.string().trim().max(100).optional(),
    level: jurisdictionLevel.optional(),
  })
  .default({});

export interface JurisdictionDto {
  id: string;
  parentId: string | null;
  level: z.infer<typeof jurisdictionLevel>;
  code: string;
  name: string;
  depth: number;
  createdAt: Date;
}

export const organizationKind = z.enum(['organ', 'institution', 'dispatched', 'internal']);

export const createOrganizationInput = z.object({
  jurisdictionId: uuid,
  name: z.string().trim().min(1).max(200),
  kind: organizationKind,
  idempotencyKey: idempotencyKey.optional(),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationInput>;

export const activateOrganizationInput = z.object({ id: uuid });

export interface OrganizationDto {
  id: string;
  jurisdictionId: string;
  name: string;
  kind: z.infer<typeof organizationKind>;
  status: 'planned' | 'active' | 'merging' | 'abolished' | 'delegated' | 'converted';
  createdAt: Date;
}

export const organizationStatus = z.enum(['planned', 'active', 'merging', 'abolished', 'delegated', 'converted']);

export const listOrganizationsInput = z
  .object({
    /** Chinese substring of the name, or pinyin initials (sjyj for 市教育局). */
    search: z.string().trim().max(100).optional(),
    jurisdictionId: uuid.optional(),
    kind: organizationKind.optional(),
    status: organizationStatus.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 50, offset: 0 });

export const exportOrganizationsInput = z
  .object({
    search: z.string().trim().max(100).optional(),
    jurisdictionId: uuid.optional(),
    kind: organizationKind.optional(),
    status: organizationStatus.optional(),
  })
  .default({});

export interface OrganizationListDto {
  total: number;
  items: (OrganizationDto & { jurisdictionName: string })[];
}
