import type { IdTokenClaims, SessionError, SessionState, SignOutOptions } from '@sessionkit/core';
import { expectTypeOf, it } from 'vitest';
import { shallowEqual } from '../shallowEqual.js';
import { useAccessToken } from '../useAccessToken.js';
import { useSession } from '../useSession.js';
import { useUser } from '../useUser.js';

it('useSession() is the state union plus the bound actions, narrowed by status', () => {
  const session = useSession();
  expectTypeOf(session.status).toEqualTypeOf<SessionState['status']>();
  expectTypeOf(session.signOut).parameter(0).toEqualTypeOf<SignOutOptions | undefined>();
  expectTypeOf(session.refresh).returns.resolves.toEqualTypeOf<SessionState>();
  if (session.status === 'signedIn') {
    expectTypeOf(session.user.email).toEqualTypeOf<string | undefined>();
    expectTypeOf(session.tokens.accessToken).toBeString();
    expectTypeOf(session.error).toEqualTypeOf<SessionError | null>();
  }
  if (session.status === 'signedOut') {
    // @ts-expect-error: no user while signed out
    session.user;
  }
});

it('useSession(selector, isEqual?) returns what the selector returns', () => {
  expectTypeOf(useSession((state) => state.status === 'signedIn')).toEqualTypeOf<boolean>();
  expectTypeOf(useSession((state) => ({ status: state.status }), shallowEqual)).toEqualTypeOf<{
    status: SessionState['status'];
  }>();
  const byLength = (a: number[], b: number[]) => a.length === b.length;
  // @ts-expect-error: isEqual compares what the selector returns
  useSession((state) => state.status, byLength);
});

it("useUser<Custom>() has Cognito's claims and the app's custom attributes", () => {
  const user = useUser<{ 'custom:tenant': string }>();
  expectTypeOf(user).toEqualTypeOf<IdTokenClaims<{ 'custom:tenant': string }> | null>();
  if (user) {
    expectTypeOf(user['custom:tenant']).toEqualTypeOf<string>();
    expectTypeOf(user['cognito:groups']).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(user['cognito:username']).toEqualTypeOf<string | undefined>();
    expectTypeOf(user.email).toEqualTypeOf<string | undefined>();
    expectTypeOf(user['custom:other']).toEqualTypeOf<string | undefined>();
  }
  expectTypeOf(useUser()).toEqualTypeOf<IdTokenClaims | null>();
});

it('useAccessToken() is a string or null', () => {
  expectTypeOf(useAccessToken()).toEqualTypeOf<string | null>();
});
