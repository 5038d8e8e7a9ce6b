import { useEffect } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JurisdictionDto } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../api/trpc.js';
import { childLevelOf, toTreeSelectData, type JurisdictionNode } from './jurisdiction-tree.js';

interface Values {
  parentId: string;
  code: string;
  name: string;
}

interface Props {
  open: boolean;
  onClose: () => void;
  tree: JurisdictionNode[];
  byId: Map<string, JurisdictionDto>;
}

/** New district or township: the level follows from the parent; server field errors land on the fields. */
export function CreateJurisdictionModal({ open, onClose, tree, byId }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const parentId = Form.useWatch('parentId', form);
  const parent = parentId ? byId.get(parentId) : undefined;
  const level = parent ? childLevelOf[parent.level] : null;

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const create = useMutation(
    trpc.registry.jurisdiction.create.mutationOptions({
      onSuccess: async (created) => {
        message.success(t('jurisdictions.created', { name: created.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.registry.jurisdiction.list.queryKey() });
        onClose();
      },
      onError: (error) => {
        const described = describeServerError(error, t('errors.network'));
        const fields = Object.entries(described.fieldErrors).filter(([name]) => ['parentId', 'code', 'name'].includes(name));
        if (fields.length) form.setFields(fields.map(([name, text]) => ({ name: name as keyof Values, errors: [text] })));
        else if (described.domainCode === 'JURISDICTION_CODE_TAKEN' || described.domainCode === 'JURISDICTION_CODE_INVALID') form.setFields([{ name: 'code', errors: [described.message] }]);
        else message.error(described.message);
      },
    }),
  );

  return (
    <Modal
      title={t('jurisdictions.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden={false}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve
        onFinish={(values) => level && create.mutate({ parentId: values.parentId, level, code: values.code, name: values.name })}
      >
        <Form.Item label={t('jurisdictions.form.parent')} name="parentId" rules={[{ required: true, message: t('jurisdictions.form.parentRequired') }]}>
          <TreeSelect treeData={toTreeSelectData(tree, (node) => childLevelOf[node.level] === null)} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('jurisdictions.form.parent')} />
        </Form.Item>
        <Form.Item label={t('jurisdictions.form.level')}>
          <Input value={level ? t(`jurisdictions.levels.${level}`) : ''} disabled />
        </Form.Item>
        <Form.Item
          label={t('jurisdictions.form.code')}
          name="code"
          extra={t('jurisdictions.form.codeHelp')}
          rules={[{ required: true, message: t('jurisdictions.form.codeRequired') }]}
        >
          <Input inputMode="numeric" maxLength={9} />
        </Form.Item>
        <Form.Item label={t('jurisdictions.form.name')} name="name" rules={[{ required: true, whitespace: true, message: t('jurisdictions.form.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
