/**
 * MSW handler of the Cognito user-pool JSON API (`POST https://cognito-idp.{region}.amazonaws.com/`,
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`), docs/cognito-wire.md §1–3. The
 * operation table (where the operations of the other *Handlers.ts modules are registered) is in
 * cognitoApiOperations.ts; `FLOW_REFUSALS` and the input checks are in cognitoApiInput.ts.
 */
import { type HttpHandler, http } from 'msw';
import type { JsonObject } from './cognitoApiInput.js';
import { OPERATIONS } from './cognitoApiOperations.js';
import { AMZ_JSON, apiError, apiSuccess, CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** Creates the handler of the JSON API. */
export function createCognitoApiHandlers(context: PoolContext): HttpHandler[] {
  return [http.post(context.config.endpoint, ({ request }) => handleApiRequest(context, request))];
}

async function handleApiRequest(context: PoolContext, request: Request): Promise<Response> {
  const target = request.headers.get('x-amz-target') ?? '';
  const operationName = target.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : target;
  const text = await request.text();
  const input = parseJsonObject(text);
  const fault = await context.begin(
    {
      operation: operationName,
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers.entries()),
      body: input ?? text,
      time: context.now(),
    },
    'api',
  );
  if (fault) return fault;

  // AWS's request layer answers these before any Cognito code runs, with namespaced type names.
  // (Exact wording for the content-type case is unconfirmed.)
  const operation = Object.hasOwn(OPERATIONS, operationName)
    ? OPERATIONS[operationName]
    : undefined;
  if (!operation) return apiError('com.amazon.coral.service#UnknownOperationException', '');
  if (!request.headers.get('content-type')?.startsWith(AMZ_JSON)) {
    return apiError('com.amazon.coral.service#SerializationException', 'Unsupported Content-Type');
  }
  if (!input) return apiError('com.amazon.coral.service#SerializationException', 'Malformed JSON');

  try {
    return apiSuccess(await operation(context, input));
  } catch (error) {
    if (error instanceof CognitoApiError) return apiError(error.type, error.message, error.status);
    throw error;
  }
}

function parseJsonObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}
