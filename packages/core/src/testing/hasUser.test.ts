import { describe, expect, it } from 'vitest';
import { createFakeUserPool } from './createFakeUserPool.js';

describe('pool.hasUser', () => {
  it('tells whether the pool has a user, before and after addUser and reset', async () => {
    const pool = createFakeUserPool({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_HasUser1',
      clientId: 'hasuserclient',
    });
    expect(await pool.hasUser('alice')).toBe(false);
    await pool.addUser({ username: 'alice', password: 'Passw0rd!' });
    expect(await pool.hasUser('alice')).toBe(true);
    expect(await pool.hasUser('bob')).toBe(false);
    await pool.reset();
    expect(await pool.hasUser('alice')).toBe(false);
  });
});
