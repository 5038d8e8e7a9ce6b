import { useTranslation } from 'react-i18next';
import { trpcClient } from '../../api/trpc.js';
import { ExcelImportModal } from '../excel-import-modal.js';
import { useRegistryRefresh } from './use-organization-tree.js';

/** Organizations from Excel (the registry's import job), refreshing the tree and lists when done. */
export function ImportOrganizationsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRegistryRefresh();
  const registry = trpcClient.registry.organization;
  return (
    <ExcelImportModal
      open={open}
      onClose={onClose}
      title={t('organizations.import.title')}
      help={t('organizations.import.help')}
      limit={t('organizations.import.limit')}
      done={(count) => t('organizations.import.done', { count })}
      template={() => registry.importTemplate.query()}
      start={(file) => registry.importStart.mutate({ filename: file.fileName, contentBase64: file.contentBase64 })}
      poll={async (id) => {
        const job = await registry.importStatus.query({ id });
        return { state: job.status, total: job.totalRows, processed: job.processedRows, imported: job.imported, errors: job.errors };
      }}
      onSucceeded={refresh}
    />
  );
}
