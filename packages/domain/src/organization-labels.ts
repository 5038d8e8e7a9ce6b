import type { FundingForm, InstitutionClass, OrganBranch, OrganizationKind, OrganizationRank, OrganizationStatus } from './organization.js';

/**
 * The bureau's own words for the registry's codes, as printed in Excel files and read back from
 * them (the admin UI has its own translations, in both languages).
 */
export const kindLabels: Record<OrganizationKind, string> = { organ: '党政机关', institution: '事业单位', dispatched: '派出机构' };
export const classLabels: Record<InstitutionClass, string> = { welfare_1: '公益一类', welfare_2: '公益二类', business: '经营类', administrative: '承担行政职能' };
export const branchLabels: Record<OrganBranch, string> = { party: '党委工作机关', government: '政府工作部门', other: '其他机关' };
export const fundingLabels: Record<FundingForm, string> = { full: '全额拨款', partial: '差额拨款', self: '自收自支' };
export const rankLabels: Record<OrganizationRank, string> = {
  zheng_ting: '正厅级',
  fu_ting: '副厅级',
  zheng_chu: '正处级',
  fu_chu: '副处级',
  zheng_ke: '正科级',
  fu_ke: '副科级',
  gu: '股级',
  none: '无',
};
export const statusLabels: Record<OrganizationStatus, string> = { planned: '筹建中', active: '正常', merging: '整合中', abolished: '已撤销', delegated: '已下放', converted: '已转企' };

/** The code for a label (or the code itself), or undefined when neither matches. */
export function codeForLabel<T extends string>(labels: Record<T, string>, text: string): T | undefined {
  const trimmed = text.trim();
  const entry = Object.entries(labels).find(([code, label]) => label === trimmed || code === trimmed || (label as string).replace(/级$/, '') === trimmed);
  return entry?.[0] as T | undefined;
}
