// The registry answers which jurisdictions and units a caller sees; see @bianzhi/registry/scope-client.
export { registryScope, type JurisdictionScope } from '@bianzhi/registry/scope-client';
