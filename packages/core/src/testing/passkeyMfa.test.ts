/**
 * passkeyMfa.ts on its own: `WebAuthnMfaSettings` applied to a user's settings, and when a
 * passkey may sign a user in who owes MFA (docs/cognito-wire.md section 11).
 */
import { describe, expect, it } from 'vitest';
import { fakePasskey } from './cognitoTestClient.js';
import type { FakeUser, FakeUserMfaSettings } from './fakePoolTypes.js';
import { emptyMfaSettings, resolveMfaConfig } from './mfaPolicy.js';
import { applyPasskeyMfa, passkeyNeedsPassword, passkeySignInAllowed } from './passkeyMfa.js';
import type { PoolContext } from './poolContext.js';
import { createEmptyPoolState } from './poolState.js';
import { resolveWebAuthnConfig } from './webAuthnState.js';

const SINGLE = resolveWebAuthnConfig({ relyingPartyId: 'app.example' }, null);
const MULTI = resolveWebAuthnConfig(
  { relyingPartyId: 'app.example', factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
  null,
);
const withEmail: FakeUserMfaSettings = { ...emptyMfaSettings(), enabled: ['EMAIL_OTP'] };

function user(mfa: FakeUserMfaSettings | null): FakeUser {
  return {
    username: 'alice',
    password: 'Corr3ct-Horse!',
    attributes: { sub: 'sub-1', email: 'alice@example.com' },
    groups: [],
    status: 'CONFIRMED',
    mfa,
  } as unknown as FakeUser;
}

describe('applyPasskeyMfa', () => {
  it('turns passkey MFA on beside another factor, and off', () => {
    const on = applyPasskeyMfa(withEmail, { Enabled: true }, MULTI);
    expect(on).toEqual({ ...withEmail, passkeyMfa: true });
    expect(applyPasskeyMfa(on, { Enabled: false }, MULTI)).toEqual({
      ...withEmail,
      passkeyMfa: false,
    });
    // Left out, or not a boolean: unchanged.
    expect(applyPasskeyMfa(withEmail, undefined, MULTI)).toBe(withEmail);
    expect(applyPasskeyMfa(withEmail, { Enabled: 'yes' }, MULTI)).toBe(withEmail);
    expect(applyPasskeyMfa(on, {}, MULTI)).toBe(on);
    // A request that leaves it out needs nothing of the pool or of the other factors.
    const none = emptyMfaSettings();
    expect(applyPasskeyMfa(none, undefined, SINGLE)).toBe(none);
    const kept = { ...withEmail, passkeyMfa: true };
    expect(applyPasskeyMfa(kept, undefined, SINGLE)).toBe(kept);
  });

  it('refuses it where passkeys are not MFA, and without another factor on, also when the last one goes', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return { name: (error as { type: string }).type, message: (error as Error).message };
      }
      return null;
    };
    expect(refusal(() => applyPasskeyMfa(withEmail, { Enabled: true }, SINGLE))).toEqual({
      name: 'InvalidParameterException',
      message:
        'WebAuthn MFA is not enabled for this user pool: its FactorConfiguration must be MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
    expect(refusal(() => applyPasskeyMfa(withEmail, { Enabled: true }, null))).toMatchObject({
      name: 'InvalidParameterException',
    });
    const alone = {
      name: 'InvalidParameterException',
      message: 'WebAuthn MFA requires enabling an additional MFA setting.',
    };
    expect(refusal(() => applyPasskeyMfa(emptyMfaSettings(), { Enabled: true }, MULTI))).toEqual(
      alone,
    );
    // Passkey MFA on, and the request turned the last other factor off.
    const lastGone = { ...emptyMfaSettings(), passkeyMfa: true };
    expect(refusal(() => applyPasskeyMfa(lastGone, undefined, MULTI))).toEqual(alone);
    // Turning it off never needs anything.
    expect(applyPasskeyMfa(lastGone, { Enabled: false }, SINGLE).passkeyMfa).toBe(false);
  });
});

describe('passkeySignInAllowed', () => {
  const optional = resolveMfaConfig('optional');
  const required = resolveMfaConfig('required', ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);

  it('lets a passkey sign in a user who owes no MFA', () => {
    expect(passkeySignInAllowed(user(null), optional, SINGLE)).toBe(true);
    expect(passkeySignInAllowed(user(null), resolveMfaConfig('off'), null)).toBe(true);
  });

  it('lets it stand for MFA only as passkey MFA on a pool whose passkeys count as MFA', () => {
    expect(passkeySignInAllowed(user(withEmail), optional, SINGLE)).toBe(false);
    expect(passkeySignInAllowed(user(withEmail), optional, MULTI)).toBe(false);
    const passkeyMfa = { ...withEmail, passkeyMfa: true };
    expect(passkeySignInAllowed(user(passkeyMfa), optional, MULTI)).toBe(true);
    expect(passkeySignInAllowed(user(passkeyMfa), optional, SINGLE)).toBe(false);
    expect(passkeySignInAllowed(user(passkeyMfa), required, MULTI)).toBe(true);
    // A pool that requires MFA: a user without any factor owes its set-up.
    expect(passkeySignInAllowed(user(null), required, MULTI)).toBe(false);
  });
});

describe('passkeyNeedsPassword', () => {
  const withPasskey = () => {
    const state = createEmptyPoolState();
    state.webAuthn = {
      credentials: { c1: fakePasskey('c1', 'alice') },
      registrations: {},
    };
    return state;
  };
  const context = (config: object) =>
    ({
      config: {
        webAuthn: SINGLE,
        userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
        mfa: resolveMfaConfig('optional'),
        ...config,
      },
    }) as unknown as PoolContext;

  it('is a passkey refused to a user who owes MFA, where the pool offers passkeys and the user has one', () => {
    const owesMfa = user(withEmail);
    expect(passkeyNeedsPassword(withPasskey(), owesMfa, context({}))).toBe(true);
    // Passkey MFA on, in a pool whose passkeys count as MFA: not refused.
    const passkeyMfa = user({ ...withEmail, passkeyMfa: true });
    expect(passkeyNeedsPassword(withPasskey(), passkeyMfa, context({ webAuthn: MULTI }))).toBe(
      false,
    );
    // Nothing to refuse: no MFA owed, no passkey, passkeys off or not a first factor, or a user
    // who signs in with the temporary password only.
    expect(passkeyNeedsPassword(withPasskey(), user(null), context({}))).toBe(false);
    expect(passkeyNeedsPassword(createEmptyPoolState(), owesMfa, context({}))).toBe(false);
    expect(passkeyNeedsPassword(withPasskey(), owesMfa, context({ webAuthn: null }))).toBe(false);
    expect(
      passkeyNeedsPassword(withPasskey(), owesMfa, context({ userAuthFactors: ['PASSWORD'] })),
    ).toBe(false);
    const temporary = { ...owesMfa, status: 'FORCE_CHANGE_PASSWORD' } as FakeUser;
    expect(passkeyNeedsPassword(withPasskey(), temporary, context({}))).toBe(false);
  });
});
