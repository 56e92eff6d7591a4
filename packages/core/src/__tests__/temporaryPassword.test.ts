/**
 * A temporary password (a user an administrator created, status `FORCE_CHANGE_PASSWORD`) signs in
 * for the pool's `TemporaryPasswordValidityDays` (7 by default) and is then refused with
 * Cognito's "User account has expired" until the user is created again: the kit keeps the time,
 * sessionkit says what happened in its own words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionError } from '../errors.js';
import { createMemoryPoolStore } from '../testing/poolState.js';
import {
  signInWithPassword,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const DAY_MS = 86_400_000;
const NEW_HIRE = { username: 'newhire', password: 'Temp-Pass-1' } as const;

async function addNewHire(pool: Awaited<ReturnType<typeof startPool>>) {
  await pool.addUser({ ...NEW_HIRE, status: 'FORCE_CHANGE_PASSWORD' });
}

const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

function signInNewHire(password: string = NEW_HIRE.password) {
  return signInWithPassword(startSession().session, NEW_HIRE.username, password);
}

describe('temporary passwords', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('sign in for 7 days, then are refused with their own message until the user is created again', async () => {
    const pool = await startPool();
    await addNewHire(pool);
    later(7 * DAY_MS - 1);
    expect(await signInNewHire()).toMatchObject({
      status: 'challenge',
      name: 'NEW_PASSWORD_REQUIRED',
    });
    later(1);
    const error = (await signInNewHire().catch((caught: unknown) => caught)) as SessionError;
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'User account has expired, it must be reset by an administrator.',
      message:
        'Sign-in failed (NotAuthorizedException): The temporary password has expired: an administrator must send the user a new one.',
    });
    // A wrong password says only that.
    await expect(signInNewHire('Wrong-Pass-1')).rejects.toMatchObject({
      providerMessage: 'Incorrect username or password.',
    });
    await addNewHire(pool);
    expect(await signInNewHire()).toMatchObject({ name: 'NEW_PASSWORD_REQUIRED' });
  });

  it("follow the pool's passwordPolicy.temporaryPasswordValidityDays", async () => {
    const pool = await startPool({ passwordPolicy: { temporaryPasswordValidityDays: 1 } });
    await addNewHire(pool);
    later(DAY_MS);
    await expect(signInNewHire()).rejects.toMatchObject({
      providerMessage: 'User account has expired, it must be reset by an administrator.',
    });
    await expect(
      startPool({ passwordPolicy: { temporaryPasswordValidityDays: 366 } }),
    ).rejects.toThrow(
      'passwordPolicy.temporaryPasswordValidityDays must be a whole number from 0 to 365, got 366.',
    );
  });

  it('expire at once with 0 days, and never touch a confirmed user', async () => {
    const pool = await startPool({ passwordPolicy: { temporaryPasswordValidityDays: 0 } });
    await addNewHire(pool);
    await expect(signInNewHire()).rejects.toMatchObject({
      providerMessage: 'User account has expired, it must be reset by an administrator.',
    });
    expect(
      (await signInWithPassword(startSession().session, USER.username, USER.password)).status,
    ).toBe('signedIn');
  });

  it('stop mattering once the new password is set, and the pool forgets when it was set', async () => {
    const storage = createMemoryPoolStore();
    const pool = await startPool({ storage });
    await addNewHire(pool);
    const setAt = () =>
      storage.transact((state) => state.users[NEW_HIRE.username]?.temporaryPasswordSetAt);
    expect(await setAt()).toBe(Date.now());
    const first = await signInNewHire();
    if (first.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
    expect((await first.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' })).status).toBe('signedIn');
    expect(await setAt()).toBeUndefined();
    later(30 * DAY_MS);
    expect((await signInNewHire('Brand-New-Pass-2')).status).toBe('signedIn');
  });
});
