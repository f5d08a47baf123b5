import { http, HttpResponse } from 'msw';
import { z } from 'zod';
import { describeInputError, DomainError } from '../../shared/errors.ts';
import { TokenRejectedError, type MockHandlerOptions } from './chat.ts';
import type { MockDb } from './db.ts';
import { authorize, MockCallError, procedures } from './procedures.ts';

/** tRPC's JSON-RPC numbers and HTTP statuses for the codes the API uses (its wire contract). */
const WIRE = {
  PARSE_ERROR: [-32700, 400],
  BAD_REQUEST: [-32600, 400],
  UNAUTHORIZED: [-32001, 401],
  FORBIDDEN: [-32003, 403],
  NOT_FOUND: [-32004, 404],
  METHOD_NOT_SUPPORTED: [-32005, 405],
  CONFLICT: [-32009, 409],
  PRECONDITION_FAILED: [-32012, 412],
  TOO_MANY_REQUESTS: [-32029, 429],
  INTERNAL_SERVER_ERROR: [-32603, 500],
} as const;
type WireCode = keyof typeof WIRE;

/**
 * msw handlers answering `/api/trpc/*` as the server does, batches included (`a.b,c.d?batch=1`
 * with inputs keyed "0", "1", …): queries by GET, mutations by POST, errors in tRPC's shape with
 * `data.code` and, for bad input, `data.fieldErrors`; a token refused at chat start adds
 * `data.reason` and `data.hint`. After every mutation request `options.onChange` runs (awaited,
 * before the answer), so a demo can persist the store: a failed mutation may have changed it too
 * (a refused chat start counts its outcome), and one save too many is harmless.
 */
export function trpcHandlers(db: MockDb, options: MockHandlerOptions = {}) {
  const handle = async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    const paths = String(params.path).split(',');
    const url = new URL(request.url);
    const batch = url.searchParams.get('batch') === '1';
    const ctx = { db, csrfHeader: request.headers.get('x-csrf-token') };
    let results: WireResult[];
    try {
      const text = request.method === 'GET' ? (url.searchParams.get('input') ?? '') : await request.text();
      const raw: unknown = text ? JSON.parse(text) : undefined;
      const inputs = (batch ? (raw ?? {}) : { 0: raw }) as Record<string, unknown>;
      results = await Promise.all(paths.map((path, i) => call(path, request.method, inputs[String(i)], ctx)));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const parseError = new MockCallError('PARSE_ERROR', `Unable to parse the request input: ${error.message}`);
      results = paths.map((path) => ({ error: toWireError(parseError, path) }));
    }
    if (request.method === 'POST') await options.onChange?.();
    const statuses = new Set(results.map((r) => ('error' in r ? r.error.data.httpStatus : 200)));
    const status = statuses.size === 1 ? [...statuses][0] ?? 200 : 207;
    return HttpResponse.json(batch ? results : results[0], { status });
  };
  return [http.get('*/api/trpc/:path', handle), http.post('*/api/trpc/:path', handle)];
}

type WireResult = { result: { data: unknown } } | { error: ReturnType<typeof toWireError> };

async function call(path: string, method: string, rawInput: unknown, ctx: { db: MockDb; csrfHeader: string | null }): Promise<WireResult> {
  try {
    const procedure = procedures[path];
    if (!procedure) throw new MockCallError('NOT_FOUND', `No procedure found on path "${path}"`);
    if ((procedure.type === 'query') !== (method === 'GET')) {
      throw new MockCallError('METHOD_NOT_SUPPORTED', `Unsupported ${method}-request to ${procedure.type} procedure at path "${path}"`);
    }
    authorize(procedure, ctx);
    const input = procedure.input ? procedure.input.parse(rawInput) : undefined;
    const output: unknown = procedure.output.parse(await procedure.run(ctx, input as never));
    return { result: { data: output } };
  } catch (error) {
    return { error: toWireError(error, path) };
  }
}

function toWireError(error: unknown, path: string) {
  let code: WireCode = 'INTERNAL_SERVER_ERROR';
  let message = 'Something went wrong on our side. Try again; if it persists, quote the request id.';
  let fieldErrors: Record<string, string[] | undefined> | undefined;
  let rejection: TokenRejectedError['rejection'] | undefined;
  if (error instanceof z.ZodError) {
    code = 'BAD_REQUEST';
    ({ message, fieldErrors } = describeInputError(error));
  } else if (error instanceof DomainError || error instanceof MockCallError) {
    code = error.code;
    message = error.message;
    fieldErrors = error.fieldErrors;
  } else if (error instanceof TokenRejectedError) {
    code = error.code;
    message = error.message;
    rejection = error.rejection;
  } else {
    console.error('mock procedure failed', path, error);
  }
  const [rpcCode, httpStatus] = WIRE[code];
  // As server/trpc.ts's errorFormatter: a refused token names its code and the fix (SPEC §5: `data.reason`).
  return {
    message,
    code: rpcCode,
    data: { code, httpStatus, path, ...(fieldErrors ? { fieldErrors } : {}), ...(rejection ? { reason: rejection.code, hint: rejection.hint } : {}) },
  };
}
