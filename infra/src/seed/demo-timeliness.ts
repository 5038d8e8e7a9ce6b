import type { BianzhiClient } from '@bianzhi/client';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';

/** The three demo units of 及时公开, by their role in the demo (the browser test finds them by these nameplates). */
export const DEMO_TIMELINESS = {
  closed: '市档案数字化中心',
  open: '市公共资源交易服务中心',
  inTime: '市政务数据服务中心',
} as const;

/** Waits until the audit log holds a late change of the unit (the registry's event reaches it through the outbox relay). */
async function lateChangeLogged(admin: BianzhiClient, organizationId: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if ((await admin.audit.timeliness.changes.query({ organizationId, lateOnly: true })).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo timeliness: no late change of ${organizationId} reached the audit log`);
}

/**
 * 及时公开 for the demo city (docs/audit.md "Timely disclosure"), made through the API as the city bureau
 * makes it: the site is published; three city institutions get a nameplate (加挂牌子, a name change that
 * must be disclosed) — two effective 30 days ago, recorded only now, so they miss their deadline, one
 * effective today. The first late unit is ordered corrected and the next publication closes its order
 * (published late); the in-time unit is published by its deadline; the second late unit's change comes
 * after that publication and its correction order stays open until the next daily publication.
 */
export async function seedDemoTimeliness(admin: BianzhiClient): Promise<{ orders: number }> {
  const today = todayInChina();
  const city = (await admin.registry.jurisdiction.list.query({})).find((j) => j.level === 'city')!;
  await admin.audit.disclosure.publish.mutate();
  const { items } = await admin.audit.disclosure.units.query({ jurisdictionId: city.id, limit: 200, offset: 0 });
  const [closedUnit, openUnit, inTimeUnit] = items.filter((u) => u.kind === '事业单位').slice(-3);
  if (!closedUnit || !openUnit || !inTimeUnit) throw new Error('demo timeliness: fewer than three published city institutions');
  const nameplate = (id: string, name: string, effectiveDate: string) =>
    admin.registry.organization.addNameplate.mutate({ id, nameplate: { name, kind: 'nameplate' }, effectiveDate, documentNumber: '示编〔2026〕50号', reason: '加挂牌子' });
  const order = (organizationId: string, name: string) =>
    admin.audit.timeliness.issueOrder.mutate({ organizationId, requirement: `${name}加挂牌子的变更未在规定期限内公开，请于补正期限内在机构编制公开网补正公开。`, deadline: addDays(today, 10) });

  await nameplate(closedUnit.id, DEMO_TIMELINESS.closed, addDays(today, -30));
  await nameplate(inTimeUnit.id, DEMO_TIMELINESS.inTime, today);
  await lateChangeLogged(admin, closedUnit.id);
  await order(closedUnit.id, closedUnit.name);
  // The daily publication: the late unit's change is on the site (late) and its order closes; the other is on time.
  await admin.audit.disclosure.publish.mutate();

  await nameplate(openUnit.id, DEMO_TIMELINESS.open, addDays(today, -30));
  await lateChangeLogged(admin, openUnit.id);
  await order(openUnit.id, openUnit.name);
  return { orders: 2 };
}
