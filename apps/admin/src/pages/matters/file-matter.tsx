import { useState, type ReactNode } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppointmentRequest, OrganizationChange, PersonTransferRequest, PostsChange, QuotaMove, StaffingPlanRequest } from '@bianzhi/contracts/approval';
import type { ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import type { CharterRequest } from '@bianzhi/contracts/legal-registration';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { fileToBase64 } from '../download.js';

export interface MatterFields {
  reason: string;
  requestNumber: string;
}

/**
 * Filing a quota movement as a matter (the authority table sends every change of what a unit or a
 * lower jurisdiction holds through one): the request's number, the reason, and the request itself
 * as an optional file. On success the user is told it waits for approval and can open it.
 */
export function useFileMatter(onFiled: () => void, chainHint?: string) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [id, setId] = useState(() => crypto.randomUUID());
  const [file, setFile] = useState<File | null>(null);
  const mutation = useMutation(
    trpc.approval.matter.file.mutationOptions({
      onSuccess: async ({ id: filed }) => {
        void message.success({
          content: (
            <span>
              {t('matters.file.filed')}{' '}
              <Button type="link" size="small" onClick={() => void navigate({ to: '/matters/$matterId', params: { matterId: filed } })}>
                {t('matters.file.open')}
              </Button>
            </span>
          ),
          duration: 6,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.approval.inbox.list.queryKey() });
        setId(crypto.randomUUID());
        setFile(null);
        onFiled();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  /** Files quota moves, a unit's leadership posts of one rank, an establishment change, an appointment, a 带编调任 or a plan. */
  const submit = async (title: string, fields: MatterFields, content: { moves: QuotaMove[] } | { posts: PostsChange } | { organization: OrganizationChange } | { appointment: AppointmentRequest } | { transfer: PersonTransferRequest } | { plan: StaffingPlanRequest } | { reduction: ReductionTargetRequest } | { charter: CharterRequest }) => {
    setRefusal(null);
    const document = { title: file?.name ?? t('matters.file.requestNumber'), documentNumber: fields.requestNumber, ...(file ? { fileName: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file) } : {}) };
    const kind = 'moves' in content ? 'quota_movement' : 'posts' in content ? 'leadership_posts' : 'organization' in content ? 'organization_change' : 'appointment' in content ? 'leadership_appointment' : 'transfer' in content ? 'person_transfer' : 'reduction' in content ? 'reduction_target' : 'charter' in content ? 'charter_approval' : 'staffing_plan';
    mutation.mutate({ id, kind, title, reason: fields.reason, ...content, documents: [document] });
  };
  /** The form fields every matter asks for. */
  const fields: ReactNode = (
    <>
      <Form.Item label={t('matters.file.requestNumber')} name="requestNumber" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
        <Input maxLength={100} placeholder="海编〔2026〕1号" aria-label={t('matters.file.requestNumber')} />
      </Form.Item>
      <Form.Item label={t('matters.file.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
        <Input.TextArea rows={2} maxLength={4000} aria-label={t('matters.file.reason')} />
      </Form.Item>
      <Form.Item label={t('matters.file.attachment')}>
        <Upload maxCount={1} beforeUpload={(f) => (setFile(f), false)} onRemove={() => setFile(null)} fileList={file ? [{ uid: '1', name: file.name }] : []}>
          <Button>{t('matters.file.attachment')}</Button>
        </Upload>
      </Form.Item>
      <Typography.Paragraph type="secondary">{chainHint ?? t('matters.file.chainHint')}</Typography.Paragraph>
    </>
  );
  return { submit, refusal, pending: mutation.isPending, fields };
}
