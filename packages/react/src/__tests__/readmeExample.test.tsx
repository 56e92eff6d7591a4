import { cognito, createSession, memoryStorage } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { SessionProvider, useUser } from '@sessionkit/react';
import { act, render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';

function Greeting() {
  const user = useUser();
  return <p>{user ? `Hello, ${user.email}` : 'Please sign in'}</p>;
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
  session.dispose();
});
