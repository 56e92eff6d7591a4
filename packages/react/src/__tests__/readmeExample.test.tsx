import { cognito, createSession, memoryStorage } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { SessionProvider, useSessionClient, useUser } from '@sessionkit/react';
import { act, render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';

function Greeting() {
  const session = useSessionClient();
  const user = useUser();
  if (!user) return <p>Please sign in</p>;
  return (
    <p>
      {`Hello, ${user.email}`}
      <button type="button" onClick={() => session.signOut()}>
        Sign out
      </button>
    </p>
  );
}

const config = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Example1',
  clientId: 'exampleappclient',
};
const pool = createFakeUserPool(config);
const server = setupServer(...pool.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('greets the signed-in user', async () => {
  await pool.addUser({
    username: 'alice',
    password: 'Passw0rd!',
    attributes: { email: 'alice@example.com' },
  });
  const session = createSession({ provider: cognito(config), storage: memoryStorage() });
  render(
    <SessionProvider session={session}>
      <Greeting />
    </SessionProvider>,
  );
  await act(() => session.ready);
  expect(screen.getByText('Please sign in')).toBeTruthy();

  const tokens = await pool.issueTokens('alice');
  await act(() => session.setTokens(tokens));
  expect(screen.getByText('Hello, alice@example.com')).toBeTruthy();

  await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());
  expect(screen.getByText('Please sign in')).toBeTruthy();
  session.dispose();
});
