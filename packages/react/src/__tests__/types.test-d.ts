import type {
  IdTokenClaims,
  RegisteredClaims,
  Session,
  SessionError,
  SessionState,
} from '@sessionkit/core';
import { expectTypeOf, it } from 'vitest';
import { shallowEqual } from '../shallowEqual.js';
import { useAccessToken } from '../useAccessToken.js';
import { useSession } from '../useSession.js';
import { useSessionClient } from '../useSessionClient.js';
import { useUser } from '../useUser.js';

// The app's claims, declared once as docs/react.md tells apps to. An augmentation holds for the
// whole program, so this one must equal docs/react.md's example (readmeApp/session.ts): TypeScript
// rejects two declarations of `claims` with different types.
declare module '@sessionkit/core' {
  interface Register {
    claims: { 'custom:tenant': string; 'custom:plan': 'free' | 'pro' };
  }
}

type AppClaims = { 'custom:tenant': string; 'custom:plan': 'free' | 'pro' };

it('takes the registered claims as the default of every claims type', () => {
  expectTypeOf<RegisteredClaims>().toEqualTypeOf<AppClaims>();
  expectTypeOf<IdTokenClaims>().toEqualTypeOf<IdTokenClaims<AppClaims>>();
});

it('useSessionClient() is the Session', () => {
  expectTypeOf(useSessionClient()).toEqualTypeOf<Session>();
  expectTypeOf(useSessionClient().on('signedOut', () => {})).toEqualTypeOf<() => void>();
});

it('useSession() is the state union only, narrowed by status, with the custom claims', () => {
  const state = useSession();
  expectTypeOf(state).toEqualTypeOf<SessionState>();
  expectTypeOf(state.status).toEqualTypeOf<SessionState['status']>();
  // @ts-expect-error: the actions are the session's (useSessionClient()), not the state's
  state.signOut;
  // @ts-expect-error: see above
  state.refresh;
  if (state.status === 'signedIn') {
    expectTypeOf(state.user['custom:tenant']).toEqualTypeOf<string>();
    expectTypeOf(state.user['custom:plan']).toEqualTypeOf<'free' | 'pro'>();
    expectTypeOf(state.user.email).toEqualTypeOf<string | undefined>();
    expectTypeOf(state.tokens.accessToken).toBeString();
    expectTypeOf(state.refreshAt).toEqualTypeOf<number | null>();
    expectTypeOf(state.error).toEqualTypeOf<SessionError | null>();
  }
  if (state.status === 'signedOut') {
    // @ts-expect-error: no user while signed out
    state.user;
  }
});

it('useSession(selector, isEqual?) returns what the selector returns, claims included', () => {
  const whole = useSession((state) => state);
  expectTypeOf(whole).toEqualTypeOf<SessionState>();
  if (whole.status === 'signedIn') {
    expectTypeOf(whole.user['custom:plan']).toEqualTypeOf<'free' | 'pro'>();
  }
  expectTypeOf(
    useSession((state) => (state.status === 'signedIn' ? state.user['custom:tenant'] : null)),
  ).toEqualTypeOf<string | null>();
  expectTypeOf(useSession((state) => state.status === 'signedIn')).toEqualTypeOf<boolean>();
  expectTypeOf(useSession((state) => ({ status: state.status }), shallowEqual)).toEqualTypeOf<{
    status: SessionState['status'];
  }>();
  const byLength = (a: number[], b: number[]) => a.length === b.length;
  // @ts-expect-error: isEqual compares what the selector returns
  useSession((state) => state.status, byLength);
});

it("useUser() has Cognito's claims and the registered ones, with no type argument", () => {
  const user = useUser();
  expectTypeOf(user).toEqualTypeOf<IdTokenClaims | null>();
  if (user) {
    expectTypeOf(user['custom:tenant']).toEqualTypeOf<string>();
    expectTypeOf(user['custom:plan']).toEqualTypeOf<'free' | 'pro'>();
    expectTypeOf(user['cognito:groups']).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(user['cognito:username']).toEqualTypeOf<string | undefined>();
    expectTypeOf(user.email).toEqualTypeOf<string | undefined>();
    // An attribute nobody declared still reads, as Cognito sends it: a string or nothing.
    expectTypeOf(user['custom:other']).toEqualTypeOf<string | undefined>();
  }
  // @ts-expect-error: claims are declared once in Register, not per call
  useUser<{ 'custom:tenant': string }>();
});

it('useAccessToken() is a string or null', () => {
  expectTypeOf(useAccessToken()).toEqualTypeOf<string | null>();
});
