import { clientWith, signInCookie } from './session-client.js';

type Client = ReturnType<typeof clientWith>;
const staff = new Map<string, Client>();

/** The bureau staff of the demo seed, signed in once per test file. */
async function cityStaff(username: string): Promise<Client> {
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

/** Who of the demo seed may take each step, by the step's jurisdiction: whoever's turn it is is found by asking. */
const staffOf: Record<string, string[]> = { 示范市: ['shouli', 'shenhe', 'zhuren', 'admin'], 海曙区: ['haishu-shouli', 'haishu-shenhe', 'haishu'] };

/**
 * Takes a matter through whatever chain it has — each step by a demo bureau member of the step's
 * jurisdiction whose turn it is (not the filer, not an earlier decider) — and waits until the
 * platform applied it.
 */
export async function approveAlongChain(id: string, documentNumber: string): Promise<void> {
  for (let guard = 0; guard < 6; guard++) {
    const any = await cityStaff('admin');
    const matter = await any.approval.matter.get.query({ id });
    if (matter.state !== 'in_review') break;
    const step = matter.steps[matter.currentStep]!;
    let decided = false;
    for (const username of staffOf[step.jurisdictionName] ?? []) {
      const client = await cityStaff(username);
      const seen = await client.approval.matter.get.query({ id });
      if (!seen.can.decide) continue;
      const last = matter.currentStep === matter.steps.length - 1;
      await client.approval.matter.decide.mutate({ id, stepIndex: matter.currentStep, decision: 'approve', comment: '', decisionId: crypto.randomUUID(), ...(last ? { documentNumber } : {}) });
      decided = true;
      break;
    }
    if (!decided) throw new Error(`nobody of ${step.jurisdictionName} may decide step ${matter.currentStep} of matter ${id}`);
  }
  const admin = await cityStaff('admin');
  for (let i = 0; i < 300; i++) {
    const { state } = await admin.approval.matter.get.query({ id });
    if (state === 'applied') return;
    if (state !== 'approved' && state !== 'in_review') throw new Error(`matter ${id} ended ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`matter ${id} was not applied`);
}

/** 用编计划审批 as a bureau does it: the filed plan taken to approval by `filer`, approved along its chain. */
export async function approvePlanThroughMatter(filer: Client, planId: string): Promise<void> {
  const id = crypto.randomUUID();
  await filer.approval.matter.file.mutate({ id, kind: 'staffing_plan', title: '用编计划报批', reason: '测试准备', plan: { planId }, documents: [{ title: '请示', documentNumber: '示人〔2026〕90号' }] });
  await approveAlongChain(id, '示编〔2026〕97号');
}
