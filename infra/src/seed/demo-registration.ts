import { randomUUID } from 'node:crypto';
import type { BianzhiClient } from '@bianzhi/client';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';

/** The demo's units of 法人登记, by their role (the browser test finds them by these names). */
export const DEMO_REGISTRATION = {
  /** Registered, last year's report filed and published, its charter approved as a matter. */
  active: '市图书馆',
  /** Registered and changed since; last year's report missing; a charter being decided. */
  changed: '市博物馆',
  expiring: '市档案馆',
  expired: '市职业技术学院',
  /** Abolished through an approved matter, its registration still active: the cancellation is missing. */
  abolished: '市会展服务中心',
  /** Abolished and its registration cancelled. */
  cancelled: '市机关招待所',
} as const;

interface Bureau {
  admin: BianzhiClient;
  shouli: BianzhiClient;
  shenhe: BianzhiClient;
  zhuren: BianzhiClient;
}

const particulars = (name: string, n: number, representative: string, validFrom: string, validUntil: string) => ({
  name,
  domicile: `示范市中山路${n}号`,
  representative,
  fundsWan: 50 + n,
  businessScope: `${name.replace(/^市/, '')}相关公益服务`,
  certificateNumber: `事证第1330200000${String(n).padStart(2, '0')}号`,
  validFrom,
  validUntil,
});

/**
 * 事业单位法人登记 and 章程 for the demo city (docs/registry.md), made through the API as the city bureau
 * makes them: registrations in each state (active, changed, cancelled, expiring, expired), a missing
 * annual report, a unit abolished through an approved matter whose cancellation is missing, a charter
 * approved along the city's chain and applied by the platform, and one waiting on review.
 */
export async function seedDemoRegistration({ admin, shouli, shenhe, zhuren }: Bureau): Promise<{ registrations: number }> {
  const today = todayInChina();
  const lastYear = Number(today.slice(0, 4)) - 1;
  const city = (await admin.registry.jurisdiction.list.query({})).find((j) => j.level === 'city')!;
  const unit = async (name: string) => (await admin.registry.organization.list.query({ jurisdictionId: city.id, search: name, limit: 5, offset: 0 })).items.find((o) => o.name === name) ?? fail(name);
  const establish = async (organizationId: string, name: string, n: number, representative: string, validFrom: string, validUntil: string) =>
    admin.registry.registration.establish.mutate({ organizationId, effectiveDate: validFrom, expectedVersion: 0, documentNumber: `示事登〔${validFrom.slice(0, 4)}〕${n}号`, particulars: particulars(name, n, representative, validFrom, validUntil) });
  const decide = (client: BianzhiClient, id: string, stepIndex: number, documentNumber?: string) =>
    client.approval.matter.decide.mutate({ id, stepIndex, decision: 'approve', comment: '同意', decisionId: randomUUID(), ...(documentNumber ? { documentNumber } : {}) });
  const approveAtCity = async (id: string, documentNumber: string) => {
    await decide(shouli, id, 0);
    await decide(shenhe, id, 1);
    await decide(zhuren, id, 2, documentNumber);
    for (let attempt = 0; attempt < 120; attempt++) {
      const { state } = await admin.approval.matter.get.query({ id });
      if (state === 'applied') return;
      if (state === 'failed') throw new Error(`demo registration: matter ${id} failed`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`demo registration: matter ${id} not applied`);
  };
  const abolish = async (organizationId: string, name: string, n: number) => {
    const id = randomUUID();
    await admin.approval.matter.file.mutate({ id, kind: 'organization_change', title: `撤销${name}`, reason: '职能已由其他单位承担', documents: [{ title: '请示', documentNumber: `示编〔2026〕${n}号` }], organization: { action: 'abolish', organizationId } });
    await approveAtCity(id, `示编〔2026〕${n + 1}号`);
  };

  // Active: registered, last year's annual report filed and published.
  const library = await unit(DEMO_REGISTRATION.active);
  await establish(library.id, library.name, 1, '林晓', '2024-03-01', '2029-02-28');
  await admin.registry.registration.fileReport.mutate({ organizationId: library.id, year: lastYear, summary: '全年接待读者86万人次，举办阅读推广活动320场', netAssetsWan: 4200, headcount: 96 });
  await admin.registry.registration.publishReport.mutate({ organizationId: library.id, year: lastYear });

  // Changed: a new legal representative and domicile registered; the report of the year before filed, last year's missing.
  const museum = await unit(DEMO_REGISTRATION.changed);
  await establish(museum.id, museum.name, 2, '周文', '2023-06-01', '2028-05-31');
  await admin.registry.registration.change.mutate({
    organizationId: museum.id,
    effectiveDate: '2026-04-15',
    expectedVersion: 1,
    documentNumber: '示事登〔2026〕12号',
    reason: '法定代表人和住所变更',
    particulars: { ...particulars(museum.name, 2, '陈静', '2023-06-01', '2028-05-31'), domicile: '示范市文化路18号' },
  });
  await admin.registry.registration.fileReport.mutate({ organizationId: museum.id, year: lastYear - 1, summary: '举办展览14个，接待观众52万人次', netAssetsWan: 9800, headcount: 64 });

  // Certificates expiring within the warning window, and expired.
  const archive = await unit(DEMO_REGISTRATION.expiring);
  await establish(archive.id, archive.name, 3, '吴敏', addDays(today, -5 * 365 + 30), addDays(today, 30));
  const college = await unit(DEMO_REGISTRATION.expired);
  await establish(college.id, college.name, 4, '郑强', addDays(today, -5 * 365 - 10), addDays(today, -10));

  // Two units recorded, registered and abolished through approved matters: one cancelled, one still registered.
  for (const [name, n] of [
    [DEMO_REGISTRATION.abolished, 5],
    [DEMO_REGISTRATION.cancelled, 6],
  ] as const) {
    const created = await admin.registry.organization.create.mutate({ jurisdictionId: city.id, name, kind: 'institution', institutionClass: 'welfare_2', funding: 'partial', basis: 'inventory', documentNumber: '示编〔2020〕8号' });
    await establish(created.id, name, n, n === 5 ? '冯磊' : '褚红', '2022-01-01', '2026-12-31');
    await abolish(created.id, name, 80 + n * 2);
    if (name === DEMO_REGISTRATION.cancelled) await admin.registry.registration.cancel.mutate({ organizationId: created.id, effectiveDate: today, expectedVersion: 1, reason: '机构撤销', documentNumber: '示事登〔2026〕30号' });
  }

  // 章程: the library's approved along the city's chain and applied; the museum's accepted and waiting on review.
  const charter = (organizationId: string, name: string) => ({
    organizationId,
    basedOnVersion: 0,
    purpose: `${name.replace(/^市/, '')}公益服务，保障公众基本文化权益`,
    businessScope: '文献（藏品）收集、保护、研究和展示，社会教育与公共服务',
    governance: '党组织发挥把方向、管大局、保落实作用；馆务会议依章程决策重大事项；职工代表大会实行民主管理；接受主管部门和社会监督',
  });
  const approved = randomUUID();
  await admin.approval.matter.file.mutate({ id: approved, kind: 'charter_approval', title: `${library.name}章程核准`, reason: '按照章程管理要求制定章程', documents: [{ title: '请示', documentNumber: '示文旅〔2026〕21号' }], charter: charter(library.id, library.name) });
  await approveAtCity(approved, '示编〔2026〕95号');
  const pending = randomUUID();
  await admin.approval.matter.file.mutate({ id: pending, kind: 'charter_approval', title: `${museum.name}章程核准`, reason: '按照章程管理要求制定章程', documents: [{ title: '请示', documentNumber: '示文旅〔2026〕22号' }], charter: charter(museum.id, museum.name) });
  await decide(shouli, pending, 0);
  return { registrations: 6 };
}

function fail(what: string): never {
  throw new Error(`demo registration: no unit ${what} in the demo city`);
}
