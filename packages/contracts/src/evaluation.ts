import { z } from 'zod';
import { assessmentSources, conclusionKinds, type AssessmentItem, type AssessmentSource, type AssessmentState, type ConclusionKind, type EvaluationScore, type EvaluationState, type WorkloadFigure } from '@bianzhi/domain/evaluation';
import { plainText, uuid } from './common.js';
import { quotaType, type QuotaType } from './ledger.js';

// 机构编制评估 (audit.evaluation.*) and 考核 (audit.assessment.*): docs/audit.md "Evaluation and assessment".

const year = z.number().int().min(2000).max(2200);
const figure = z.number().min(0).max(1e9);

export const workloadFigure = z.object({ name: plainText(1, 100), unit: plainText(1, 20), previous: figure, current: figure });

export const createEvaluationInput = z.object({ id: uuid, organizationId: uuid, year, title: plainText(1, 200) });
export const evaluationIdInput = z.object({ id: uuid });
export const listEvaluationsInput = z.object({ year: year.optional(), organizationId: uuid.optional() }).default({});
export const setWorkloadInput = z.object({ id: uuid, workload: z.array(workloadFigure).min(1).max(200) });
export const importWorkloadInput = z.object({ id: uuid, fileName: plainText(1, 200), contentBase64: z.base64().min(1).max(14_000_000) });
export const evaluationConclusion = z.object({
  kind: z.enum(conclusionKinds),
  ledger: quotaType.nullable().default(null),
  amount: z.number().int().min(1).max(100_000).nullable().default(null),
  reason: plainText(1, 2000),
});
export const concludeEvaluationInput = z.object({ id: uuid, conclusion: evaluationConclusion });
/** 评估结论 (matter kind evaluation_conclusion): the evaluation and the conclusion filed, as the evaluator wrote it. */
export const evaluationConclusionRequest = z.object({ evaluationId: uuid, conclusion: evaluationConclusion });
export type EvaluationConclusionRequest = z.infer<typeof evaluationConclusionRequest>;
/** The platform's application of an approved conclusion matter (system only). */
export const applyConclusionInput = z.object({ id: uuid, matterId: uuid, documentNumber: z.string().max(100).nullable() });
/** What the matter engine checks when a conclusion is filed (system only): the evaluation as the filer sees it. */
export const conclusionForMatterInput = z.object({ id: uuid, filerJurisdictionIds: z.array(uuid).nullable(), matterId: uuid });

export interface EvaluationConclusionDto {
  kind: ConclusionKind;
  ledger: QuotaType | null;
  amount: number | null;
  reason: string;
}

export interface EvaluationDto {
  id: string;
  organizationId: string;
  organizationName: string;
  jurisdictionId: string;
  year: number;
  title: string;
  state: EvaluationState;
  workload: WorkloadFigure[];
  /** The platform's figures as they were when scored. */
  indicators: { quarters: { day: string; quota: number; occupied: number; vacant: number }[]; outsideQuota: number; findings: number; violations: number; vacantByType: Partial<Record<QuotaType, number>> } | null;
  score: EvaluationScore | null;
  conclusion: EvaluationConclusionDto | null;
  matterId: string | null;
  approvalDocumentNumber: string | null;
  createdBy: { id: string; name?: string };
  createdAt: Date;
  approvedAt: Date | null;
}

export const assessmentItem = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/),
  name: plainText(1, 100),
  weight: z.number().positive().max(100),
  source: z.enum(assessmentSources),
  evidence: plainText(0, 500),
});
export const assessmentYearInput = z.object({ year });
export const setSheetInput = z.object({ year, items: z.array(assessmentItem).min(1).max(30) });
export const scoreSubject = z.object({ kind: z.enum(['jurisdiction', 'organization']), id: uuid });
export const enteredScore = z.object({ score: z.number().min(0).max(100), evidence: plainText(1, 1000) });
export const scoreAssessmentInput = z.object({ year, subject: scoreSubject, entered: z.record(z.string(), enteredScore).default({}) });

export interface AssessmentItemScore {
  score: number | null;
  source: AssessmentSource;
  /** Entered: the evidence cited; computed: what it was computed from. */
  evidence: string;
}

export interface AssessmentScoreDto {
  subjectId: string;
  subjectKind: 'jurisdiction' | 'organization';
  subjectName: string;
  level: 'district' | 'township' | 'department';
  jurisdictionId: string;
  items: Record<string, AssessmentItemScore>;
  total: number;
  rank: number;
  scoredBy: { id: string; name?: string };
  scoredAt: Date;
}

export interface AssessmentDto {
  year: number;
  state: AssessmentState;
  items: AssessmentItem[];
  editedBy: { id: string; name?: string } | null;
  reviewedBy: { id: string; name?: string } | null;
  reviewedAt: Date | null;
  publishedBy: { id: string; name?: string } | null;
  publishedAt: Date | null;
  scores: AssessmentScoreDto[];
}

export interface ExportFileDto {
  filename: string;
  contentBase64: string;
}
