import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, InputNumber, Space, Switch, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PolicyRuleDto } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';

/** One rule's row: on/off and its parameters, saved together. */
function RuleEditor({ rule, jurisdictionId, editable }: { rule: PolicyRuleDto & { setAbove: boolean }; jurisdictionId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [params, setParams] = useState(rule.params);
  const dirty = enabled !== rule.enabled || JSON.stringify(params) !== JSON.stringify(rule.params);
  const save = useMutation(
    trpc.registry.policy.update.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.registry.policy.list.queryKey({ jurisdictionId }) });
      },
      onError: (error) => message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Space wrap>
      <Switch checked={enabled} onChange={setEnabled} disabled={!editable} aria-label={`${rule.name} ${t('policy.enabled')}`} />
      {rule.parameters.map((p) => (
        <Space key={p.key} size={4}>
          <Typography.Text type="secondary">{p.label}</Typography.Text>
          <InputNumber
            min={p.min}
            max={p.max}
            precision={0}
            value={params[p.key]}
            disabled={!editable || !enabled}
            onChange={(v) => setParams({ ...params, [p.key]: v ?? p.default })}
            aria-label={`${rule.name} ${p.label}`}
            style={{ width: 80 }}
          />
        </Space>
      ))}
      {!editable && rule.setAbove && (
        <Tooltip title={t('policy.setAboveHelp')}>
          <Tag>{t('policy.setAbove')}</Tag>
        </Tooltip>
      )}
      {editable && dirty && (
        <Button size="small" type="primary" loading={save.isPending} onClick={() => save.mutate({ jurisdictionId, ruleId: rule.id, enabled, params })}>
          {t('common.save')}
        </Button>
      )}
    </Space>
  );
}

/** The organization rules in force in a jurisdiction, where each setting comes from, and (for admins) changing them. */
function PolicyRules() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const canManage = useCan('registry.policy.manage');
  const { treeData } = useJurisdictionOptions();
  const [picked, setPicked] = useState<string | undefined>();
  const jurisdictionId = picked ?? me.data?.jurisdictionId ?? undefined;
  const rules = useQuery({ ...trpc.registry.policy.list.queryOptions({ jurisdictionId: jurisdictionId ?? '' }), enabled: Boolean(jurisdictionId) });
  if (rules.isError) return <LoadFailed error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Card
      title={t('policy.title')}
      extra={<TreeSelect treeData={treeData} value={jurisdictionId} onChange={setPicked} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 240 }} aria-label={t('policy.jurisdiction')} />}
    >
      <Typography.Paragraph type="secondary">{t('policy.help')}</Typography.Paragraph>
      <Table<PolicyRuleDto>
        rowKey="id"
        loading={rules.isPending}
        pagination={false}
        locale={emptyOrFailed(rules)}
        dataSource={rules.data ?? []}
        columns={[
          {
            title: t('policy.rule'),
            dataIndex: 'name',
            render: (name: string, rule) => (
              <div>
                <Typography.Text strong>{name}</Typography.Text> <Typography.Text type="secondary">{rule.id}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">{rule.description}</Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: t('policy.setting'),
            width: 380,
                        // A manager may still not change a rule the level above sets for this jurisdiction (the service says which).
            render: (_, rule) => (
              <RuleEditor
                key={`${jurisdictionId}-${rule.id}-${rule.enabled}-${JSON.stringify(rule.params)}`}
                rule={{ ...rule, setAbove: Boolean(canManage) && !rule.editable }}
                jurisdictionId={jurisdictionId!}
                editable={Boolean(canManage) && rule.editable}
              />
            ),
          },
          {
            title: t('policy.source'),
            width: 170,
            render: (_, rule) =>
              rule.setIn ? (
                <Tag color={rule.setIn.jurisdictionId === jurisdictionId ? 'blue' : 'default'}>{rule.setIn.jurisdictionId === jurisdictionId ? t('policy.ownSetting') : t('policy.inherited', { name: rule.setIn.name })}</Tag>
              ) : (
                <Tag>{t('policy.default')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function PolicyPage() {
  return (
    <RequirePermission permission="registry.policy.read">
      <PolicyRules />
    </RequirePermission>
  );
}
