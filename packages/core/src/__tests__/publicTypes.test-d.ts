import { describe, expectTypeOf, it } from 'vitest';
import {
  type AccessTokenClaims,
  createAuthorizedFetch,
  type IdTokenClaims,
  isSessionError,
  type PasswordSignInResult,
  type Session,
  type SessionError,
  type SessionErrorCode,
  type SessionEvents,
  type SessionState,
  type SessionTokens,
  type SignOutReason,
  signInWithPassword,
  type TokenSet,
} from '../index.js';

describe('public types', () => {
  it('SessionState narrows on status', () => {
    const state = {} as SessionState;
    if (state.status === 'signedIn') {
      expectTypeOf(state.user).toEqualTypeOf<IdTokenClaims>();
      expectTypeOf(state.accessClaims).toEqualTypeOf<AccessTokenClaims>();
      expectTypeOf(state.tokens).toEqualTypeOf<SessionTokens>();
      expectTypeOf(state.hasRefreshToken).toBeBoolean();
      expectTypeOf(state.error).toEqualTypeOf<SessionError | null>();
      expectTypeOf(state.refreshing).toBeBoolean();
    } else if (state.status === 'signedOut') {
      expectTypeOf(state.reason).toEqualTypeOf<SignOutReason | null>();
    } else {
      expectTypeOf(state).toEqualTypeOf<{ status: 'loading' }>();
    }
  });

  it('IdTokenClaims carries Cognito claims and typed custom attributes', () => {
    const claims = {} as IdTokenClaims<{ 'custom:tenant': string }>;
    expectTypeOf(claims['custom:tenant']).toBeString();
    expectTypeOf(claims['cognito:groups']).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(claims['custom:anything']).toEqualTypeOf<string | undefined>();
    expectTypeOf(claims.email).toEqualTypeOf<string | undefined>();
  });

  it('events are typed per name and carry no TokenSet', () => {
    const session = {} as Session;
    session.on('signedOut', (event) => expectTypeOf(event.reason).toEqualTypeOf<SignOutReason>());
    session.on('refreshFailed', (event) => {
      expectTypeOf(event.error).toEqualTypeOf<SessionError>();
      expectTypeOf(event.retryInMs).toEqualTypeOf<number | null>();
    });
    expectTypeOf<SessionEvents['refreshed']['tokens']>().not.toHaveProperty('idToken');
    expectTypeOf<SessionEvents['tokensChanged']['source']>().toEqualTypeOf<
      'setTokens' | 'refresh' | 'otherTab'
    >();
  });

  it('SessionError codes are a closed union and isSessionError narrows', () => {
    expectTypeOf<SessionErrorCode>().toEqualTypeOf<
      | 'network'
      | 'timeout'
      | 'invalid_grant'
      | 'invalid_token'
      | 'invalid_response'
      | 'rate_limited'
      | 'storage'
      | 'signed_out'
      | 'challenge'
      | 'state_mismatch'
      | 'cancelled'
      | 'provider'
    >();
    const value: unknown = null;
    if (isSessionError(value)) expectTypeOf(value.code).toEqualTypeOf<SessionErrorCode>();
  });

  it('the session methods have the contract signatures', () => {
    const session = {} as Session;
    expectTypeOf(session.getAccessToken).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(session.setTokens).parameter(0).toEqualTypeOf<TokenSet>();
    expectTypeOf(session.subscribe).returns.toEqualTypeOf<() => void>();
    expectTypeOf(session.on).returns.toEqualTypeOf<() => void>();
    expectTypeOf(signInWithPassword).parameter(0).toEqualTypeOf<Session>();
    expectTypeOf(signInWithPassword).returns.toEqualTypeOf<Promise<PasswordSignInResult>>();
    expectTypeOf(createAuthorizedFetch(session)).returns.toEqualTypeOf<Promise<Response>>();
  });
});
