/**
 * Figure "re-renders": a component selecting `user.email` with `@sessionkit/react`'s
 * `useSession(selector)` while the session refreshes 100 times (fake Cognito pool over msw/node,
 * React 19 on happy-dom). The figure is the renders beyond the first commit; the goal is 0.
 */
import { cognito, createSession, type SessionState } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { SessionProvider, useSession } from '@sessionkit/react';
import { setupServer } from 'msw/node';
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { emitRows, notApplicable, PEERS, type ResultRow } from '../results.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const REFRESHES = 100;
const POOL = { region: 'eu-west-1', userPoolId: 'eu-west-1_BenchPool', clientId: 'benchclient' };

const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
// Each refresh happens ten minutes after the last on this clock: the session's loop guard stops
// a client that refreshes more than 10 times a minute, as it should.
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
const pool = createFakeUserPool({ ...POOL, now: clock });
await pool.addUser({
  username: 'alice',
  password: 'Corr3ct-Horse!',
  attributes: { email: 'alice@example.com' },
});
server.use(...pool.handlers);
const session = createSession({
  provider: cognito(POOL),
  storageKey: 'rerenders',
  crossTab: false,
  now: clock,
});
await session.ready;
await session.setTokens(await pool.issueTokens('alice'));

let renders = 0;
let stateChanges = 0;
session.subscribe(() => {
  stateChanges++;
});
const selectEmail = (state: SessionState) =>
  state.status === 'signedIn' ? state.user.email : null;
function Email() {
  renders++;
  const email = useSession(selectEmail);
  return createElement('span', null, email);
}

const container = document.createElement('div');
document.body.appendChild(container);
const root = createRoot(container);
await act(async () => {
  root.render(createElement(SessionProvider, { session }, createElement(Email)));
});
const initialRenders = renders;
const tokensBefore =
  session.getState().status === 'signedIn'
    ? (session.getState() as { tokens: { accessToken: string } }).tokens.accessToken
    : '';
for (let i = 0; i < REFRESHES; i++) {
  offsetMs += 600_000;
  await act(async () => {
    await session.refresh();
  });
}
const state = session.getState();
const refreshed = state.status === 'signedIn' && state.tokens.accessToken !== tokensBefore;
const refreshRequests = pool.requests.filter(
  (request) => request.operation !== 'InitiateAuth',
).length;
await act(async () => root.unmount());
session.dispose();
server.close();

const rows: ResultRow[] = [
  {
    figure: 'rerenders',
    sdk: 'sessionkit',
    value: renders - initialRenders,
    unit: 'renders',
    note: `@sessionkit/react useSession(selector); ${refreshRequests} refresh requests, ${stateChanges} state changes, ${initialRenders} initial render(s)${refreshed ? '' : '; WARNING tokens did not change'}`,
  },
  ...PEERS.map((peer) =>
    notApplicable(
      'rerenders',
      peer,
      'renders',
      peer === 'aws-amplify' || peer === 'oidc-client-ts' || peer === '@supabase/auth-js'
        ? 'no React binding in the package (apps wire their own context)'
        : 'React binding is a separate package (not among the peers): not measured',
    ),
  ),
];
emitRows(rows);
process.exit(0);
