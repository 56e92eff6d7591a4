/**
 * A profile change reaching the page through the ID token: `updateUserAttributes` of an email
 * address, then `verifyUserAttribute` with the code the kit "sent", each run with `useFlow`, and
 * `useUser()` re-rendering with the refreshed token's claims (docs/profile.md). The refreshes are
 * counted at the kit, so a claim that changed without a new ID token would not pass.
 */
import { type Session, updateUserAttributes, verifyUserAttribute } from '@sessionkit/core';
import type { FakeUserPool } from '@sessionkit/core/testing';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionProvider } from '../SessionProvider.js';
import { useFlow } from '../useFlow.js';
import { useUser } from '../useUser.js';
import { ALICE, failOnConsoleError, setUpMsw, startPool, startSession } from './harness.js';

setUpMsw();
afterEach(cleanup);
failOnConsoleError();

const NEW_EMAIL = 'alice@new.example';

/** The refresh requests the pool answered (`GetTokensFromRefreshToken` or `REFRESH_TOKEN_AUTH`). */
function refreshCount(pool: FakeUserPool): number {
  return pool.requests.filter(
    (request) =>
      request.operation === 'GetTokensFromRefreshToken' ||
      (request.operation === 'InitiateAuth' &&
        (request.body as { AuthFlow?: unknown } | null)?.AuthFlow === 'REFRESH_TOKEN_AUTH'),
  ).length;
}

/** The email claims of `useUser()`, and the two flows behind buttons. */
function EmailSettings({ code }: { code: () => Promise<string> }) {
  const user = useUser();
  const update = useFlow(updateUserAttributes);
  const verify = useFlow(verifyUserAttribute);
  return (
    <>
      <output data-testid="email">{user?.email ?? '-'}</output>
      <output data-testid="verified">{String(user?.email_verified ?? '-')}</output>
      <output data-testid="update">{update.status}</output>
      <output data-testid="verify">{verify.status}</output>
      <button type="button" onClick={() => update.run({ email: NEW_EMAIL })}>
        change email
      </button>
      <button type="button" onClick={async () => verify.run('email', await code())}>
        verify email
      </button>
    </>
  );
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

/** The session's ID token now, or `null` when it is not signed in. */
function idTokenOf(session: Session): string | null {
  const state = session.getState();
  return state.status === 'signedIn' ? state.tokens.idToken : null;
}

describe('useUser after a profile change', () => {
  it('shows a new email, unverified, then verified, through the refreshed ID token', async () => {
    const pool = await startPool();
    const session = startSession();
    await session.setTokens(await pool.issueTokens(ALICE.username));
    render(
      <SessionProvider session={session}>
        <EmailSettings code={() => pool.lastCode(ALICE.username, 'EMAIL')} />
      </SessionProvider>,
    );
    expect(text('email')).toBe(ALICE.email);
    expect(text('verified')).toBe('true');
    const firstIdToken = idTokenOf(session);
    expect(refreshCount(pool)).toBe(0);

    // The kit's pool (as one created through the API) changes the email at once, unverified,
    // and "sends" a code to the new address.
    act(() => screen.getByRole('button', { name: 'change email' }).click());
    await waitFor(() => expect(text('update')).toBe('success'));
    expect(refreshCount(pool)).toBe(1);
    expect(text('email')).toBe(NEW_EMAIL);
    expect(text('verified')).toBe('false');
    const afterUpdate = idTokenOf(session);
    expect(afterUpdate).not.toBe(firstIdToken);
    const [sent] = (await pool.sentCodes(ALICE.username)).filter(
      (code) => code.purpose === 'VERIFY_ATTRIBUTE',
    );
    expect(sent).toMatchObject({ medium: 'EMAIL', destination: NEW_EMAIL });

    act(() => screen.getByRole('button', { name: 'verify email' }).click());
    await waitFor(() => expect(text('verify')).toBe('success'));
    expect(refreshCount(pool)).toBe(2);
    expect(text('email')).toBe(NEW_EMAIL);
    expect(text('verified')).toBe('true');
    expect(idTokenOf(session)).not.toBe(afterUpdate);
    // The page shows what the ID token says: the claims are the decoded token's.
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user.email_verified).toBe(true);
  });
});
