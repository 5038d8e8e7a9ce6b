/** What a call ended in, for an integration test: 'accepted', or the refusal's domain code. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? (error as { data?: { domainCode?: string } }).data?.domainCode ?? (error as { data?: { code?: string } }).data?.code ?? (error as { code?: string }).code ?? String(error);
  }
  return 'accepted';
}

/** Reads until `done` holds (a worker applying something in the background), up to a minute. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}
