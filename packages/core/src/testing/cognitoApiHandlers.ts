/**
 * MSW handler of the Cognito user-pool JSON API (and, through {@link createJsonApiHandler}, the
 * identity pool's: identityPool.ts) (`POST https://cognito-idp.{region}.amazonaws.com/`,
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`), docs/cognito-wire.md §1–3. The
 * operation table (where the operations of the other *Handlers.ts modules are registered) is in
 * cognitoApiOperations.ts; `FLOW_REFUSALS` and the input checks are in cognitoApiInput.ts.
 */
import { type HttpHandler, http } from 'msw';
import type { JsonObject } from './cognitoApiInput.js';
import { OPERATIONS } from './cognitoApiOperations.js';
import { AMZ_JSON, apiError, apiSuccess, CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';

/** One operation of a JSON API: its answer body, or a thrown {@link CognitoApiError}. */
export type JsonApiOperation = (context: PoolContext, input: JsonObject) => Promise<unknown>;

/** Creates the handler of the user-pool JSON API. */
export function createCognitoApiHandlers(context: PoolContext): HttpHandler[] {
  return [
    createJsonApiHandler(
      context,
      context.config.endpoint,
      'AWSCognitoIdentityProviderService.',
      OPERATIONS,
    ),
  ];
}

/**
 * A handler of one of AWS's JSON APIs (the user pool's, the identity pool's): the request logged
 * (and a fault served) first, then the operation named by `X-Amz-Target`, as AWS answers.
 */
export function createJsonApiHandler(
  context: PoolContext,
  endpoint: string,
  targetPrefix: string,
  operations: Readonly<Record<string, JsonApiOperation>>,
): HttpHandler {
  return http.post(endpoint, async ({ request }) => {
    const target = request.headers.get('x-amz-target') ?? '';
    // Only the service's own prefix names an operation: a bare `InitiateAuth` is unknown to AWS.
    const isOurs = target.startsWith(targetPrefix);
    const operationName = isOurs ? target.slice(targetPrefix.length) : target;
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

    // AWS's request layer answers these before any service code runs, with namespaced type names.
    // (Exact wording for the content-type case is unconfirmed.)
    const operation =
      isOurs && Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
    if (!operation) return apiError('com.amazon.coral.service#UnknownOperationException', '');
    if (!request.headers.get('content-type')?.startsWith(AMZ_JSON)) {
      return apiError(
        'com.amazon.coral.service#SerializationException',
        'Unsupported Content-Type',
      );
    }
    if (!input)
      return apiError('com.amazon.coral.service#SerializationException', 'Malformed JSON');

    try {
      return apiSuccess(await operation(context, input));
    } catch (error) {
      if (error instanceof CognitoApiError)
        return apiError(error.type, error.message, error.status);
      throw error;
    }
  });
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
