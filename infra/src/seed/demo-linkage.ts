import type { BianzhiClient } from '@bianzhi/client';
import { linkageEventTypes } from '@bianzhi/contracts/linkage';

/**
 * 出入编联动 in the demo city, through the API as the bureaus would: the city's payroll system
 * (财政工资统发) subscribed to every event of the city and 海曙区, registered before the demo matters
 * so that their decisions and quota changes show in its delivery log; and 海曙区's medical insurance
 * system, registered by the district for entries and exits, paused. The demo addresses are not
 * reachable, so the log shows retries with their errors (as a receiver that is down would).
 */
export async function seedDemoLinkage(clients: { admin: BianzhiClient; haishu: BianzhiClient }): Promise<{ subscriptions: number }> {
  const jurisdictions = await clients.admin.registry.jurisdiction.list.query({});
  const city = jurisdictions.find((j) => j.level === 'city')!;
  const haishu = jurisdictions.find((j) => j.code === '330203')!;
  const existing = await clients.admin.audit.subscription.list.query();
  if (existing.length > 0) return { subscriptions: 0 };
  await clients.admin.audit.subscription.create.mutate({ name: '市财政工资统发系统', url: 'https://gongzi.czj.example.gov.cn/bianzhi/events', eventTypes: [...linkageEventTypes], jurisdictionIds: [city.id, haishu.id] });
  const insurance = await clients.haishu.audit.subscription.create.mutate({ name: '海曙区医保信息系统', url: 'https://ybj.haishu.example.gov.cn/hooks/bianzhi', eventTypes: ['cn.gov.bianzhi.roll.entry.posted', 'cn.gov.bianzhi.roll.exit.posted'], jurisdictionIds: [haishu.id] });
  await clients.haishu.audit.subscription.setStatus.mutate({ id: insurance.id, status: 'paused' });
  return { subscriptions: 2 };
}
