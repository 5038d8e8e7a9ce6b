import { clientWith, signInCookie } from './session-client.js';

type Client = ReturnType<typeof clientWith>;
const staff = new Map<string, Client>();

/** The city bureau's staff of the demo seed, signed in once per test file. */
async function cityStaff(username: 'shouli' | 'shenhe' | 'zhuren'): Promise<Client> {
  let client = staff.get(username);
  if (!client) {
    client = clientWith({ cookie: await signInCookie(username, 'bianzhi-dev') });
    staff.set(username, client);
  }
  return client;
}

/**
 * Takes a matter filed at the city (by `admin`) through its chain — 受理 by shouli, 审核 by shenhe, 审批 by
 * zhuren — and waits until the platform applied it. For tests whose subject comes after the approval.
 */
export async function approveAtCity(id: string, documentNumber: string): Promise<void> {
  const steps = [await cityStaff('shouli'), await cityStaff('shenhe'), await cityStaff('zhuren')];
  for (const [stepIndex, client] of steps.entries()) {
    await client.approval.matter.decide.mutate({ id, stepIndex, decision: 'approve', comment: '', decisionId: crypto.randomUUID(), ...(stepIndex === 2 ? { documentNumber } : {}) });
  }
  for (let i = 0; i < 300; i++) {
    const { state } = await steps[2]!.approval.matter.get.query({ id });
    if (state === 'applied') return;
    if (state !== 'approved') throw new Error(`matter ${id} ended ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`matter ${id} was not applied`);
}

/** 领导职数核定 as the city bureau does it: a matter filed by `admin`, approved along the chain. */
export async function setPostsThroughMatter(admin: Client, posts: { organizationId: string; rank: 'principal' | 'deputy' | 'dept_principal' | 'dept_deputy'; posts: number }): Promise<void> {
  const id = crypto.randomUUID();
  await admin.approval.matter.file.mutate({ id, kind: 'leadership_posts', title: '核定领导职数', reason: '测试准备', posts, documents: [{ title: '请示', documentNumber: '示编〔2026〕90号' }] });
  await approveAtCity(id, '示编〔2026〕91号');
}

/** 领导职务任职 as the city bureau does it: a matter filed by `admin`, approved along the chain; answers the appointment's id. */
export async function appointThroughMatter(admin: Client, appointment: { organizationId: string; rank: 'principal' | 'deputy' | 'dept_principal' | 'dept_deputy'; slotId: string; title: string }): Promise<string> {
  const id = crypto.randomUUID();
  await admin.approval.matter.file.mutate({ id, kind: 'leadership_appointment', title: `任命${appointment.title}`, reason: '测试准备', appointment, documents: [{ title: '请示', documentNumber: '示组〔2026〕90号' }] });
  await approveAtCity(id, '示编〔2026〕94号');
  const { appointments } = await admin.ledger.leadership.list.query({ organizationId: appointment.organizationId });
  return appointments.find((a) => a.title === appointment.title && a.documentNumber === '示编〔2026〕94号')!.id;
}
