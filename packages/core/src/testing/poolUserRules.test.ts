/**
 * The pool's user methods on their own (poolUsers.ts): `issueTokens`' nonce, and what each method
 * says of a user the pool does not have. The flows that use them are tested where they are used;
 * these are what StrykerJS found no test for.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, claimsOf, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

describe("the pool's user methods", () => {
  it('issueTokens puts a nonce into the ID token only when asked, as after a hosted-UI sign-in', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const withNonce = await pool.issueTokens('alice', { nonce: 'n-0S6_WzA2Mj' });
    expect(claimsOf(withNonce.idToken).nonce).toBe('n-0S6_WzA2Mj');
    expect(claimsOf(withNonce.accessToken)).not.toHaveProperty('nonce');
    expect(claimsOf((await pool.issueTokens('alice')).idToken)).not.toHaveProperty('nonce');
  });

  it('names the method and the user it does not have', async () => {
    const pool = usePool();
    await expect(pool.issueTokens('nobody')).rejects.toThrow(
      new Error('issueTokens: the pool has no user "nobody"'),
    );
    await expect(pool.disableUser('nobody')).rejects.toThrow(
      new Error('disableUser: the pool has no user "nobody"'),
    );
    await expect(pool.enableUser('nobody')).rejects.toThrow(
      new Error('enableUser: the pool has no user "nobody"'),
    );
    await expect(pool.setHostedUiUser('nobody')).rejects.toThrow(
      new Error('setHostedUiUser: the pool has no user "nobody"'),
    );
    expect(() => pool.addUser({ username: '', password: 'x' })).toThrow(
      new TypeError('addUser: username is required'),
    );
  });
});
