import type { FastifyReply, FastifyRequest } from 'fastify';
import { TRPCError, type AnyRouter } from '@trpc/server';
import { getErrorShape, getHTTPStatusCode, getProcedureAtPath, getTRPCErrorFromUnknown, transformTRPCResponse } from '@trpc/server/unstable-core-do-not-import';

const isStream = (data: unknown) => data instanceof ReadableStream || (typeof data === 'object' && data !== null && Symbol.asyncIterator in data);

/**
 * Answers one tRPC call made alone (`POST /trpc/<path>` with a JSON body, no batch, no stream) as
 * tRPC's HTTP handler does, status, headers and body alike, but without the Fetch API: the Fastify
 * adapter turns every request into a WHATWG Request and every answer into a Response, which cost a
 * call about 0.2 ms of CPU, as much as the ledger's own work for a transfer. The procedure runs
 * through tRPC as ever (middlewares, input validation, the error formatter). Anything else (batches,
 * streams, queries by GET, bodies that do not parse) returns false, having sent nothing, for the
 * adapter to answer.
 */
export async function answerSingleCall<TContext>(
  router: AnyRouter,
  path: string,
  request: FastifyRequest,
  reply: FastifyReply,
  createContext: (request: FastifyRequest) => Promise<TContext>,
): Promise<boolean> {
  const accept = request.headers['trpc-accept'] ?? request.headers.accept ?? '';
  if (request.method !== 'POST' || path.includes(',') || (request.query as Record<string, unknown>).batch !== undefined) return false;
  if (!request.headers['content-type']?.startsWith('application/json') || /application\/jsonl|text\/event-stream/.test(String(accept))) return false;
  const procedure = await getProcedureAtPath(router, path);
  if (!procedure || procedure._def.type === 'subscription' || typeof request.body !== 'string') return false;
  const config = router._def._config;
  let input: unknown;
  try {
    input = request.body === '' ? undefined : config.transformer.input.deserialize(JSON.parse(request.body));
  } catch {
    return false;
  }
  const ctx = await createContext(request);
  const closed = new AbortController();
  reply.raw.once('close', () => closed.abort());
  const type = procedure._def.type;
  let answer: { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };
  let errors: TRPCError[] = [];
  try {
    const data = await procedure({ path, getRawInput: async () => input, ctx, type, signal: closed.signal, batchIndex: 0 });
    if (isStream(data)) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink' });
    answer = { result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    errors = [error];
    answer = { error: getErrorShape({ config, ctx, error, input, path, type }) };
  }
  await reply
    .code(getHTTPStatusCode(answer, errors))
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    // A Buffer, so that Fastify sends the content type as set (tRPC's handler adds no charset).
    .send(Buffer.from(JSON.stringify(transformTRPCResponse(config, answer))));
  return true;
}
