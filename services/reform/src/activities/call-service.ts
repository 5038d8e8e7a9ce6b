import { ApplicationFailure } from '@temporalio/common';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';

/**
 * A call from an activity to another service. Business refusals are final (non-retryable, with the
 * service's code and message); anything else (a service restarting, a timeout) is retried.
 */
export async function callService<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = remoteDomainCode(error);
    if (code && code !== 'DEPENDENCY_UNAVAILABLE' && code !== 'INTERNAL' && code !== 'RATE_LIMITED') {
      throw ApplicationFailure.nonRetryable((error as Error).message, code);
    }
    throw error;
  }
}
