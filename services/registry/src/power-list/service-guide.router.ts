import {
  getServiceGuideInput,
  listAuthorityListInput,
  listServiceGuidesInput,
  publicPowerSearchInput,
  publicPowerUnitInput,
  publishAuthorityListInput,
  publishServiceGuideInput,
  saveServiceGuideInput,
} from '@bianzhi/contracts/service-guides';
import { hasPermission } from '@bianzhi/domain/access';
import { authedProcedure, publicProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { listAuthorityList, publishAuthorityList } from './authority-list.service.js';
import { publicPowerUnit, searchPublicPowerItems } from './public-power-list.service.js';
import { getServiceGuide, listServiceGuides, publishServiceGuide, saveServiceGuide } from './service-guide.service.js';

const read = authedProcedure.meta({ permission: 'registry.organization.read' });
const manageGuides = authedProcedure.meta({ permission: 'registry.powerList.manage' });
const manageAuthority = authedProcedure.meta({ permission: 'registry.authorityList.manage' });

/** 办事指南: a power item's guide, drafted and published in versions. */
export function serviceGuideRouter(db: RegistryDb) {
  return router({
    list: read.input(listServiceGuidesInput).query(({ ctx, input }) => listServiceGuides(db, ctx.principal, input.organizationId)),
    get: read.input(getServiceGuideInput).query(({ ctx, input }) => getServiceGuide(db, ctx.principal, input.powerItemId)),
    save: manageGuides.input(saveServiceGuideInput).mutation(({ ctx, input }) => saveServiceGuide(db, ctx.principal, input, ctx.requestId)),
    publish: manageGuides.input(publishServiceGuideInput).mutation(({ ctx, input }) => publishServiceGuide(db, ctx.principal, input, ctx.requestId)),
  });
}

/** 政事权限清单 of a public institution, in versions. */
export function authorityListRouter(db: RegistryDb) {
  return router({
    get: read.input(listAuthorityListInput).query(({ ctx, input }) => listAuthorityList(db, ctx.principal, input.organizationId, hasPermission(ctx.principal, 'registry.authorityList.manage'))),
    publish: manageAuthority.input(publishAuthorityListInput).mutation(({ ctx, input }) => publishAuthorityList(db, ctx.principal, input, ctx.requestId)),
  });
}

/**
 * The public face of power lists: anonymous (the gateway lets exactly these through, docs/audit.md
 * "Public disclosure"), non-classified units only, published content only.
 */
export function publicPowerListRouter(db: RegistryDb) {
  return router({
    search: publicProcedure.input(publicPowerSearchInput).query(({ input }) => searchPublicPowerItems(db, input)),
    unit: publicProcedure.input(publicPowerUnitInput).query(({ input }) => publicPowerUnit(db, input.organizationId)),
  });
}
