/**
 * The pool domain's `GET /oauth2/userInfo` (OpenID Connect's UserInfo endpoint;
 * docs/cognito-wire.md section 3): the user's attributes, as far as the access token's scopes
 * reach. The token comes as `Authorization: Bearer`, and must carry `openid`, so the tokens of
 * the JSON API's sign-ins (whose only scope is `aws.cognito.signin.user.admin`) are refused;
 * `openid` alone gives every attribute, `profile`, `email` and `phone` each their group.
 *
 * AWS documents the two refusals' `WWW-Authenticate` headers (a malformed request: 400
 * `invalid_request`; a token expired, revoked, of a deleted or globally signed-out user: 401
 * `invalid_token`). As built, unconfirmed: a token without `openid` is refused as the latter,
 * and the refusals have an empty body.
 */
import { HttpResponse } from 'msw';
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';
import { verifyAccessToken } from './tokenIssuer.js';

/** The attributes of the `profile` scope (custom attributes come with it too). */
const PROFILE_ATTRIBUTES = new Set([
  'name',
  'family_name',
  'given_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'updated_at',
]);

const SCOPE_ATTRIBUTES: Record<string, (name: string) => boolean> = {
  profile: (name) => PROFILE_ATTRIBUTES.has(name) || name.startsWith('custom:'),
  email: (name) => name === 'email' || name === 'email_verified',
  phone: (name) => name === 'phone_number' || name === 'phone_number_verified',
};

const refusal = (status: 400 | 401, error: string, description: string) =>
  new HttpResponse(null, {
    status,
    headers: { 'WWW-Authenticate': `error="${error}", error_description="${description}"` },
  });

/** Answers a userInfo request: the attributes the token's scopes reach, `sub` and `username`. */
export async function userInfo(context: PoolContext, request: Request): Promise<Response> {
  const bearer = /^Bearer +(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!bearer) {
    return refusal(400, 'invalid_request', 'Bad OAuth2 request at UserInfo Endpoint');
  }
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(context, bearer, 'openid');
  } catch (error) {
    if (!(error instanceof CognitoApiError)) throw error;
    return refusal(
      401,
      'invalid_token',
      'Access token is expired, disabled, or deleted, or the user has globally signed out.',
    );
  }
  const { user } = verified;
  const groups = verified.scopes.filter((scope) => Object.hasOwn(SCOPE_ATTRIBUTES, scope));
  const reached = (name: string) =>
    groups.length === 0 || groups.some((scope) => SCOPE_ATTRIBUTES[scope]!(name));
  const attributes = Object.entries(user.attributes).filter(([name]) => reached(name));
  return HttpResponse.json(
    { sub: user.sub, ...Object.fromEntries(attributes), username: user.username },
    { headers: { 'Content-Type': 'application/json;charset=UTF-8' } },
  );
}
