/**
 * What every adapter gets: a token set and its expiry. The peers' tokens are well-formed JWTs
 * (header, claims, dummy signature: no peer verifies signatures on its read path); sessionkit's
 * come from the testing kit's `mintTokens` because `setTokens` validates them.
 */

export interface TokenFixture {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds since the epoch; in the past for the fan-in figure. */
  expiresAtSeconds: number;
  issuedAtSeconds: number;
  claims: { sub: string; email: string; name: string; tid: string; oid: string };
}

/** One SDK driven the same way by every figure. */
export interface Adapter {
  /** The SDK's "give me an access token" call. */
  getToken(): Promise<string>;
  dispose?(): void | Promise<void>;
}

/** The module an adapter file exports (bundled for the browser before it is imported). */
export interface AdapterModule {
  setup(fixture: TokenFixture): Promise<Adapter>;
}

const base64url = (value: string) => Buffer.from(value).toString('base64url');

/** An unsigned-looking JWT with the given claims (signature segment is a dummy). */
export function makeJwt(claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'bench-key' }));
  return `${header}.${base64url(JSON.stringify(claims))}.${base64url('bench-signature')}`;
}

/** A token response body in OAuth2 shape, for peers whose refresh the fan-in figure answers. */
export function oauthTokenResponse(fixture: TokenFixture, extra: Record<string, unknown> = {}) {
  return {
    access_token: fixture.accessToken,
    id_token: fixture.idToken,
    refresh_token: fixture.refreshToken,
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'openid profile email',
    ...extra,
  };
}
