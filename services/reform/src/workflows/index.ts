// The single entry the workflow bundle is built from.
export { establishOrganization, establishmentProgressQuery } from './establish-organization.js';
export { reformProject } from './reform-project.js';
export { matterLife } from './matter-life.js';
export { reductionTargetLife, monitoringQuarters } from './reduction-target.js';
