import type { ReformStage } from '@bianzhi/contracts/reform';

/** Project ids are workflow ids (reform-project/<uuid>); the page address carries only the uuid. */
export const shortProjectId = (id: string) => id.replace(/^reform-project\//, '');

export const stageColors: Record<ReformStage, string> = { preview: 'default', committee: 'gold', executing: 'processing', placement: 'blue', documents: 'cyan', registration: 'cyan', follow_up: 'purple', closed: 'green', rejected: 'red', cancelled: 'default', failed: 'red' };
