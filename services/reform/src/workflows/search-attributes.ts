import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What the project list filters on through Temporal's visibility: kind, stage, the project's
 * jurisdiction with its ancestors (a district admin sees projects anywhere below them), and the
 * next deadline (overdue = before now). Registered on the server before the first project starts.
 */
export const reformKindKey = defineSearchAttributeKey('BianzhiReformKind', SearchAttributeType.KEYWORD);
export const reformStageKey = defineSearchAttributeKey('BianzhiReformStage', SearchAttributeType.KEYWORD);
export const reformJurisdictionsKey = defineSearchAttributeKey('BianzhiJurisdictions', SearchAttributeType.KEYWORD_LIST);
export const reformDeadlineKey = defineSearchAttributeKey('BianzhiNextDeadline', SearchAttributeType.DATETIME);
export const reformTitleKey = defineSearchAttributeKey('BianzhiReformTitle', SearchAttributeType.KEYWORD);

export const reformSearchAttributes = [reformKindKey, reformStageKey, reformJurisdictionsKey, reformDeadlineKey, reformTitleKey];
