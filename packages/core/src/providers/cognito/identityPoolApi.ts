/**
 * The Cognito identity pool's two calls a browser makes for AWS credentials (docs/cognito-wire.md
 * section 13): `GetId` and `GetCredentialsForIdentity`, JSON posts to
 * `https://cognito-identity.{region}.amazonaws.com/` with the operation in `X-Amz-Target`. No
 * SigV4: both are public APIs, authorised by the `Logins` they carry.
 */
import { SessionError } from '../../errors.js';
import {
  invalidResponse,
  type ProviderResponse,
  parseRetryAfter,
  send,
  stringField,
} from '../http.js';
import type { ProviderContext } from '../types.js';
import { cognitoErrorName } from './cognitoErrors.js';

/** Credentials as `GetCredentialsForIdentity` returns them, read. */
export interface IdentityCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  identityId: string;
}

export { identityPoolRegion } from './identityPoolId.js';

/** A failed answer as a SessionError: Cognito's words in `providerMessage`, never a token. */
function identityPoolError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : {}) as { message?: unknown; Message?: unknown };
  const said = body.message ?? body.Message;
  const details = {
    status: response.status,
    ...(name ? { providerCode: name } : {}),
    ...(typeof said === 'string' ? { providerMessage: said } : {}),
  };
  if (
    name === 'TooManyRequestsException' ||
    name === 'LimitExceededException' ||
    response.status === 429
  ) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    return new SessionError(
      'rate_limited',
      `The identity pool is throttling requests (${name ?? 'HTTP 429'}).`,
      {
        ...details,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  }
  if (
    response.status >= 500 ||
    name === 'InternalErrorException' ||
    name === 'ExternalServiceException'
  ) {
    return new SessionError(
      'provider',
      `The identity pool failed (${name ?? `HTTP ${response.status}`}).`,
      {
        ...details,
        retryable: true,
      },
    );
  }
  const hint =
    name === 'NotAuthorizedException' && /unauthenticated/i.test(String(said))
      ? 'The identity pool does not give guests credentials (it allows no unauthenticated identities)'
      : name === 'NotAuthorizedException'
        ? 'The identity pool refused the login: check that it trusts this user pool and app client'
        : name === 'ResourceNotFoundException'
          ? 'The identity pool or identity was not found'
          : 'The identity pool refused the request';
  return new SessionError('provider', `${hint} (${name ?? `HTTP ${response.status}`}).`, details);
}

/** One call; resolves with a JSON answer or rejects with a SessionError. */
async function call(
  context: ProviderContext,
  endpoint: string,
  operation: 'GetId' | 'GetCredentialsForIdentity',
  input: object,
): Promise<ProviderResponse> {
  const response = await send(context, endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw identityPoolError(response, context.now());
  if (!response.isJson) {
    throw invalidResponse(
      response,
      `The identity pool answered ${operation} with a body that is not JSON`,
    );
  }
  return response;
}

/** `GetId`: the identity of the `logins` (the same one for a user each time), or a new guest's. */
export async function getIdentityId(
  context: ProviderContext,
  endpoint: string,
  identityPoolId: string,
  logins: Record<string, string> | undefined,
): Promise<string> {
  const response = await call(context, endpoint, 'GetId', {
    IdentityPoolId: identityPoolId,
    ...(logins ? { Logins: logins } : {}),
  });
  const identityId = stringField(response.json, 'IdentityId');
  if (!identityId)
    throw invalidResponse(response, "The identity pool's GetId answer lacks IdentityId");
  return identityId;
}

/** `GetCredentialsForIdentity`, read: every field present, `Expiration` as a date. */
export async function getCredentialsForIdentity(
  context: ProviderContext,
  endpoint: string,
  identityId: string,
  logins: Record<string, string> | undefined,
): Promise<IdentityCredentials> {
  const response = await call(context, endpoint, 'GetCredentialsForIdentity', {
    IdentityId: identityId,
    ...(logins ? { Logins: logins } : {}),
  });
  const credentials = (response.json as { Credentials?: unknown }).Credentials;
  const accessKeyId = stringField(credentials, 'AccessKeyId');
  const secretAccessKey = stringField(credentials, 'SecretKey');
  const sessionToken = stringField(credentials, 'SessionToken');
  // AWS's JSON protocol writes timestamps as epoch seconds.
  const expiresAt = (credentials as { Expiration?: unknown } | undefined)?.Expiration;
  const expiration =
    typeof expiresAt === 'number' ? new Date(expiresAt * 1000) : new Date(String(expiresAt));
  if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiration.getTime())) {
    throw invalidResponse(
      response,
      "The identity pool's GetCredentialsForIdentity answer lacks its credentials or their expiration",
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration,
    identityId: stringField(response.json, 'IdentityId') ?? identityId,
  };
}
