import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlotDto } from '@bianzhi/contracts/ledger';
import { describeServerError, useTRPC } from '../../api/trpc.js';

/** 涉密岗位 on a roll entry: a tag for readers; a switch for the roll's writers (audited; the person is then never in the public named roll). */
export function ClassifiedPostCell({ slot, canManage }: { slot: SlotDto; canManage: boolean | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const set = useMutation(
    trpc.ledger.namedRoll.setClassifiedPost.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.ledger.person.roll.queryKey() }),
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  if (!canManage) return slot.classifiedPost ? <Tag color="red">{t('roll.classifiedPost')}</Tag> : null;
  return (
    <Switch
      size="small"
      aria-label={t('roll.classifiedPostOf', { name: slot.name })}
      checked={slot.classifiedPost}
      loading={set.isPending}
      disabled={slot.exitKind !== null}
      onChange={(classifiedPost) => set.mutate({ slotId: slot.id, classifiedPost })}
    />
  );
}
