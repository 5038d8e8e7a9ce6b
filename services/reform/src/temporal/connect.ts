/** Temporal unreachable at start: say so and retry, rather than crash or half-start. */
export async function connectWithRetry<T>(connect: () => Promise<T>, address: string, who: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      console.warn(`[${who}] Temporal at ${address} is unreachable (attempt ${attempt}): ${(error as Error).message}; retrying in 2 s`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}
