import type { Session, SessionState } from '@sessionkit/core';
import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SessionProvider } from '../SessionProvider.js';
import { SignedIn } from '../SignedIn.js';
import { shallowEqual } from '../shallowEqual.js';
import { useAccessToken } from '../useAccessToken.js';
import { useSession } from '../useSession.js';
import { ALICE, failOnConsoleError, setUpMsw, startPool, startSession } from './harness.js';

setUpMsw();
afterEach(cleanup);
failOnConsoleError();

const REFRESHES = 100;
/**
 * Core's loop guard stops a session that refreshes more than 10 times a minute (docs/sessions.md, How refresh works). The
 * clock (Date only: timers stay real for the pool's WebCrypto signing) moves on this much before
 * each refresh, as if they came minutes apart.
 */
const CLOCK_STEP_MS = 6_100;

/** What the components below saw, render by render. */
const seen = {
  email: 0,
  emailAndGroups: 0,
  signedIn: 0,
  whole: [] as SessionState[],
  accessTokens: [] as Array<string | null>,
  selections: [] as object[],
};
beforeEach(() => {
  Object.assign(seen, {
    email: 0,
    emailAndGroups: 0,
    signedIn: 0,
    whole: [],
    accessTokens: [],
    selections: [],
  });
});

function Email() {
  seen.email++;
  const email = useSession((state) => (state.status === 'signedIn' ? state.user.email : null));
  return <p>{email}</p>;
}

function EmailAndGroups() {
  seen.emailAndGroups++;
  // A selector that builds a new object each time: shallowEqual keeps it quiet.
  const { email, groups } = useSession(
    (state) => ({
      email: state.status === 'signedIn' ? state.user.email : null,
      groups: state.status === 'signedIn' ? state.user['cognito:groups']?.join() : null,
    }),
    shallowEqual,
  );
  return (
    <p>
      {email} {groups}
    </p>
  );
}

function StatusAndLabel({ label }: { label: string }) {
  // A new selector function on every render, building a new object each time.
  const selection = useSession((state) => ({ status: state.status }), shallowEqual);
  seen.selections.push(selection);
  return <p>{label}</p>;
}

function Whole({ label = '' }: { label?: string }) {
  seen.whole.push(useSession());
  return <p>{label}</p>;
}

function AccessToken() {
  seen.accessTokens.push(useAccessToken());
  return null;
}

async function signedInSession(): Promise<{ session: Session; refreshRequests: () => number }> {
  const pool = await startPool();
  const session = startSession();
  await session.setTokens(await pool.issueTokens(ALICE.username));
  const refreshRequests = () =>
    pool.requests.filter((r) => r.operation === 'GetTokensFromRefreshToken').length;
  return { session, refreshRequests };
}

/** Refreshes 100 times; `eachRefresh` wraps one refresh in act() as the test needs. */
async function refreshManyTimes(eachRefresh: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  try {
    for (let i = 0; i < REFRESHES; i++) {
      vi.setSystemTime(Date.now() + CLOCK_STEP_MS);
      await eachRefresh();
    }
  } finally {
    vi.useRealTimers();
  }
}

it('renders a component that selects user.email 0 extra times over 100 refreshes', async () => {
  const { session, refreshRequests } = await signedInSession();
  const view = render(
    <SessionProvider session={session}>
      <Email />
      <EmailAndGroups />
      <Profiler id="signedIn" onRender={() => seen.signedIn++}>
        <SignedIn>signed in</SignedIn>
      </Profiler>
    </SessionProvider>,
  );
  expect(view.container.textContent).toBe(`${ALICE.email}${ALICE.email} adminssigned in`);
  expect(seen).toMatchObject({ email: 1, emailAndGroups: 1, signedIn: 1 });
  const before = session.getState();

  await refreshManyTimes(() => act(async () => void (await session.refresh())));

  // The refreshes happened: 100 requests, new tokens in the state...
  expect(refreshRequests()).toBe(REFRESHES);
  expect(session.getState()).not.toBe(before);
  // ...and not one of them rendered these components again.
  expect(seen).toMatchObject({ email: 1, emailAndGroups: 1, signedIn: 1 });
});

it('re-renders a component that uses useSession() whole, and useAccessToken, on each refresh', async () => {
  const { session } = await signedInSession();
  render(
    <SessionProvider session={session}>
      <Whole />
      <AccessToken />
    </SessionProvider>,
  );
  const issued = [session.getState()];

  await refreshManyTimes(async () => {
    // Two acts, so React renders what the user sees while the request is in flight too.
    let refreshed: Promise<unknown> = Promise.resolve();
    act(() => {
      refreshed = session.refresh();
    });
    await act(() => refreshed);
    issued.push(session.getState());
  });

  const tokenOf = (state: SessionState) =>
    state.status === 'signedIn' ? state.tokens.accessToken : null;
  const isRefreshing = (state: SessionState) => state.status === 'signedIn' && state.refreshing;
  expect(new Set(issued.map(tokenOf)).size).toBe(REFRESHES + 1);
  // Exactly two renders per refresh: one when it starts (`refreshing`), one with the new tokens.
  expect(seen.whole).toHaveLength(1 + 2 * REFRESHES);
  expect(seen.whole.map(isRefreshing)).toEqual([
    false,
    ...Array.from({ length: REFRESHES }, () => [true, false]).flat(),
  ]);
  expect(seen.whole.filter((state) => !isRefreshing(state)).map(tokenOf)).toEqual(
    issued.map(tokenOf),
  );
  // useAccessToken renders once per new token, not for `refreshing`.
  expect(seen.accessTokens).toEqual(issued.map(tokenOf));
});

it('returns the same objects while the state is the same: useSession() is getState() itself', async () => {
  const { session } = await signedInSession();
  const view = render(
    <SessionProvider session={session}>
      <Whole label="a" />
      <StatusAndLabel label="a" />
    </SessionProvider>,
  );
  // A re-render for another reason (new props) hands back the very same objects, even for a
  // new inline selector whose result is only shallowly equal.
  view.rerender(
    <SessionProvider session={session}>
      <Whole label="b" />
      <StatusAndLabel label="b" />
    </SessionProvider>,
  );
  expect(seen.whole).toHaveLength(2);
  expect(seen.whole[0]).toBe(session.getState());
  expect(seen.whole[1]).toBe(seen.whole[0]);
  expect(seen.selections).toHaveLength(2);
  expect(seen.selections[1]).toBe(seen.selections[0]);

  await act(() => session.refresh());
  const last = seen.whole.at(-1)!;
  expect(last).not.toBe(seen.whole[0]);
  // The state, and only the state: the actions are the session's (useSessionClient()).
  expect(last).toBe(session.getState());
  expect(last).not.toHaveProperty('signOut');
  expect(last).not.toHaveProperty('refresh');
});
