import { describe, expect, it } from 'vitest';
import { cognitoRefusal, fakeUser } from './cognitoTestClient.js';
import type { MfaFactor } from './fakePoolTypes.js';
import {
  applyMfaPreference,
  deliveryOf,
  emptyMfaSettings,
  getUserMfaFields,
  MFA_FACTORS,
  mfaSettingsFromInput,
  mfaSettingsOf,
  mfaStepFor,
  type PoolMfaConfig,
  resolveMfaConfig,
} from './mfaPolicy.js';

const user = fakeUser;

const ALL: readonly MfaFactor[] = MFA_FACTORS;
const config = (mode: PoolMfaConfig['mode'], factors: readonly MfaFactor[] = ALL) => ({
  mode,
  factors,
});

/** The Cognito error a call throws, as name and message. */

describe('resolveMfaConfig (the pool options mfa and mfaFactors)', () => {
  it('defaults to off with every factor, and lists the factors in Cognito order', () => {
    expect(resolveMfaConfig()).toEqual({ mode: 'off', factors: ALL });
    expect(MFA_FACTORS).toEqual(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);
    expect(resolveMfaConfig('required', ['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA'])).toEqual({
      mode: 'required',
      factors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
    for (const mode of ['off', 'optional', 'required'] as const) {
      expect(resolveMfaConfig(mode, ['SMS_MFA']).mode).toBe(mode);
    }
    // Off needs no factor.
    expect(resolveMfaConfig('off', [])).toEqual({ mode: 'off', factors: [] });
  });

  it.each([
    ['on', ALL, `mfa must be 'off', 'optional' or 'required', got "on"`],
    ['', ALL, `mfa must be 'off', 'optional' or 'required', got ""`],
    [
      'optional',
      ['TOTP'],
      'mfaFactors must list some of SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, got ["TOTP"]',
    ],
    [
      'off',
      ['SMS_MFA', 'TOTP'],
      'mfaFactors must list some of SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, got ["SMS_MFA","TOTP"]',
    ],
    ['optional', [], 'mfaFactors must list some of SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, got []'],
    ['required', [], 'mfaFactors must list some of SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, got []'],
  ])('refuses mfa %j with factors %j', (mode, factors, message) => {
    const call = () => resolveMfaConfig(mode as never, factors as never);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});

describe("addUser's mfa and preferredMfa", () => {
  const input = (extra: object) => ({ username: 'alice', password: 'Passw0rd!', ...extra });

  it('stores nothing without factors', () => {
    expect(mfaSettingsFromInput(input({}))).toBeNull();
    expect(mfaSettingsFromInput(input({ mfa: [] }))).toBeNull();
  });

  it('turns on each factor once, keeps fixed codes and a normalised authenticator secret', () => {
    const settings = mfaSettingsFromInput(
      input({
        attributes: { email: 'alice@example.com' },
        mfa: [
          { type: 'SMS_MFA', code: '111111' },
          { type: 'SOFTWARE_TOKEN_MFA', secret: 'jbsw y3dp ehpk 3pxp==' },
          { type: 'SMS_MFA', code: '222222' },
          { type: 'EMAIL_OTP', code: '333333' },
        ],
        preferredMfa: 'EMAIL_OTP',
      }),
    );
    expect(settings).toEqual({
      enabled: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
      preferred: 'EMAIL_OTP',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      pendingTotpSecret: null,
      fixedCodes: { SMS_MFA: '222222', EMAIL_OTP: '333333' },
    });
  });

  it('prefers the only factor, and none of several unless told', () => {
    expect(mfaSettingsFromInput(input({ mfa: { type: 'SMS_MFA', code: '1' } }))?.preferred).toBe(
      'SMS_MFA',
    );
    const two = [
      { type: 'SMS_MFA', code: '1' },
      { type: 'SOFTWARE_TOKEN_MFA', secret: 'JBSWY3DPEHPK3PXP' },
    ];
    expect(mfaSettingsFromInput(input({ mfa: two }))?.preferred).toBeNull();
    expect(mfaSettingsFromInput(input({ mfa: two, preferredMfa: 'SMS_MFA' }))?.preferred).toBe(
      'SMS_MFA',
    );
  });

  it('refuses an unknown factor, a preference that is not a factor, EMAIL_OTP without email', () => {
    expect(() => mfaSettingsFromInput(input({ mfa: { type: 'TOTP', code: '1' } }))).toThrow(
      'addUser: unknown MFA factor "TOTP"',
    );
    expect(() =>
      mfaSettingsFromInput(
        input({ mfa: { type: 'SMS_MFA', code: '1' }, preferredMfa: 'EMAIL_OTP' }),
      ),
    ).toThrow("addUser: preferredMfa EMAIL_OTP is not one of the user's factors");
    expect(() => mfaSettingsFromInput(input({ mfa: { type: 'EMAIL_OTP', code: '1' } }))).toThrow(
      'addUser: "alice" needs an email attribute for EMAIL_OTP',
    );
  });

  it("reads a state stored by an older kit ({ type, code }) as today's settings", () => {
    const legacy = { ...user(null), mfa: { type: 'SMS_MFA', code: '135790' } as never };
    expect(mfaSettingsOf(legacy)).toEqual({
      ...emptyMfaSettings(),
      enabled: ['SMS_MFA'],
      preferred: 'SMS_MFA',
      fixedCodes: { SMS_MFA: '135790' },
    });
    // Today's settings are returned as they are; no settings are empty ones.
    const today = user({ enabled: ['EMAIL_OTP'] });
    expect(mfaSettingsOf(today)).toBe(today.mfa);
    expect(mfaSettingsOf(user(null))).toEqual(emptyMfaSettings());
  });
});

describe('mfaStepFor', () => {
  const phone = { phone_number: '+15550100123' };

  it.each([
    ['no factor, optional pool', user(null), config('optional'), { kind: 'none' }],
    ['no factor, off pool', user(null), config('off'), { kind: 'none' }],
    [
      'no factor, required pool',
      user(null),
      config('required', ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']),
      { kind: 'setup', canSetUp: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    ],
    [
      'a verified authenticator never turned on, required pool',
      user({ totpSecret: 'JBSWY3DPEHPK3PXP' }),
      config('required'),
      { kind: 'challenge', name: 'SOFTWARE_TOKEN_MFA' },
    ],
    [
      'a verified authenticator, required pool without TOTP',
      user({ totpSecret: 'JBSWY3DPEHPK3PXP' }),
      config('required', ['EMAIL_OTP']),
      { kind: 'setup', canSetUp: ['EMAIL_OTP'] },
    ],
    [
      'a verified authenticator never turned on, optional pool',
      user({ totpSecret: 'JBSWY3DPEHPK3PXP' }),
      config('optional'),
      { kind: 'none' },
    ],
    [
      'a phone number, required pool',
      user(null, phone),
      config('required'),
      { kind: 'challenge', name: 'SMS_MFA' },
    ],
    [
      'a phone number, required pool without SMS',
      user(null, phone),
      config('required', ['EMAIL_OTP']),
      { kind: 'setup', canSetUp: ['EMAIL_OTP'] },
    ],
    [
      'the only factor on',
      user({ enabled: ['EMAIL_OTP'] }),
      config('optional'),
      { kind: 'challenge', name: 'EMAIL_OTP' },
    ],
    [
      'a factor the pool no longer enables',
      user({ enabled: ['EMAIL_OTP'], preferred: 'EMAIL_OTP' }),
      config('optional', ['SMS_MFA']),
      { kind: 'none' },
    ],
    [
      'two on, one preferred',
      user({ enabled: ['SMS_MFA', 'EMAIL_OTP'], preferred: 'EMAIL_OTP' }),
      config('optional'),
      { kind: 'challenge', name: 'EMAIL_OTP' },
    ],
    [
      'two on, the preferred one not enabled by the pool',
      user({ enabled: ['SMS_MFA', 'EMAIL_OTP'], preferred: 'EMAIL_OTP' }),
      config('optional', ['SMS_MFA']),
      { kind: 'challenge', name: 'SMS_MFA' },
    ],
    [
      'two on, none preferred',
      user({ enabled: ['EMAIL_OTP', 'SMS_MFA'] }),
      config('off'),
      { kind: 'select', choices: ['EMAIL_OTP', 'SMS_MFA'] },
    ],
  ])('%s', (_name, who, pool, step) => {
    expect(mfaStepFor(who, pool)).toEqual(step);
  });

  it('does not change the user it reads, nor the pool configuration', () => {
    const pool = config('required', ['SOFTWARE_TOKEN_MFA']);
    const who = user({ totpSecret: 'JBSWY3DPEHPK3PXP' });
    const step = mfaStepFor(who, pool);
    expect(who.mfa?.enabled).toEqual([]);
    if (step.kind === 'setup') throw new Error('not set-up');
    const setup = mfaStepFor(user(null), pool);
    if (setup.kind !== 'setup') throw new Error('set-up');
    setup.canSetUp.push('SMS_MFA');
    expect(pool.factors).toEqual(['SOFTWARE_TOKEN_MFA']);
  });
});

describe('deliveryOf', () => {
  it('sends SMS to the phone number (a stand-in without one) and email to the address, masked', () => {
    expect(deliveryOf(user(null, { phone_number: '+15550100123' }), 'SMS_MFA')).toEqual({
      medium: 'SMS',
      destination: '+15550100123',
      masked: '+*******0123',
    });
    expect(deliveryOf(user(null), 'SMS_MFA')).toEqual({
      medium: 'SMS',
      destination: '+10000000000',
      masked: '+*******0000',
    });
    expect(deliveryOf(user(null, { email: 'alice@example.com' }), 'EMAIL_OTP')).toEqual({
      medium: 'EMAIL',
      destination: 'alice@example.com',
      masked: 'a***@e***',
    });
  });
});

describe('applyMfaPreference (SetUserMFAPreference)', () => {
  const authenticator = { totpSecret: 'JBSWY3DPEHPK3PXP' };
  const reachable = { phone_number: '+15550100123', email: 'alice@example.com' };

  it('turns a factor on with Enabled or PreferredMfa, once, and off with Enabled: false', () => {
    const who = user(authenticator, reachable);
    expect(
      applyMfaPreference(who, config('optional'), { SMS_MFA: { Enabled: true } }),
    ).toMatchObject({
      enabled: ['SMS_MFA'],
      preferred: null,
    });
    const preferred = applyMfaPreference(who, config('optional'), {
      SOFTWARE_TOKEN_MFA: { PreferredMfa: true },
    });
    expect(preferred).toMatchObject({
      enabled: ['SOFTWARE_TOKEN_MFA'],
      preferred: 'SOFTWARE_TOKEN_MFA',
    });
    const again = user({ ...authenticator, enabled: ['SMS_MFA'] }, reachable);
    expect(
      applyMfaPreference(again, config('optional'), { SMS_MFA: { Enabled: true } }).enabled,
    ).toEqual(['SMS_MFA']);
    expect(
      applyMfaPreference(again, config('optional'), { SMS_MFA: { Enabled: false } }).enabled,
    ).toEqual([]);
    // Neither true nor false (absent, or not a boolean) changes nothing.
    for (const change of [{}, { Enabled: 'true' }, { PreferredMfa: 1 }]) {
      expect(applyMfaPreference(again, config('optional'), { SMS_MFA: change }).enabled).toEqual([
        'SMS_MFA',
      ]);
    }
    // The user's own settings are left alone: the handler stores what comes back.
    expect(again.mfa?.enabled).toEqual(['SMS_MFA']);
  });

  it('drops the preference when its factor is turned off or no longer preferred', () => {
    const who = user(
      { ...authenticator, enabled: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'], preferred: 'SMS_MFA' },
      reachable,
    );
    const pool = config('optional');
    expect(applyMfaPreference(who, pool, { SMS_MFA: { Enabled: false } }).preferred).toBeNull();
    expect(
      applyMfaPreference(who, pool, { SMS_MFA: { Enabled: true, PreferredMfa: false } }),
    ).toMatchObject({ enabled: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'], preferred: null });
    // Another factor's change keeps it.
    expect(applyMfaPreference(who, pool, { SOFTWARE_TOKEN_MFA: { Enabled: true } }).preferred).toBe(
      'SMS_MFA',
    );
    expect(applyMfaPreference(who, pool, { SOFTWARE_TOKEN_MFA: { Enabled: false } })).toMatchObject(
      { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' },
    );
    // Turned on again without a word on the preference: kept.
    expect(applyMfaPreference(who, pool, { SMS_MFA: { Enabled: true } }).preferred).toBe('SMS_MFA');
    // Preferring another moves it.
    expect(
      applyMfaPreference(who, pool, { SOFTWARE_TOKEN_MFA: { PreferredMfa: true } }).preferred,
    ).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('refuses a factor the pool does not enable or the user cannot receive', () => {
    expect(
      cognitoRefusal(() =>
        applyMfaPreference(user(authenticator, reachable), config('optional', ['SMS_MFA']), {
          SOFTWARE_TOKEN_MFA: { PreferredMfa: true },
        }),
      ),
    ).toEqual([
      'InvalidParameterException',
      'SOFTWARE_TOKEN_MFA is not enabled for this user pool',
    ]);
    for (const factor of MFA_FACTORS) {
      expect(
        cognitoRefusal(() =>
          applyMfaPreference(user(null), config('optional'), { [factor]: { Enabled: true } }),
        ),
      ).toEqual([
        'InvalidParameterException',
        `User does not have delivery config set to turn on ${factor}`,
      ]);
    }
    // Turning off a factor the pool does not enable is not refused.
    expect(
      applyMfaPreference(user(null), config('optional', ['SMS_MFA']), {
        EMAIL_OTP: { Enabled: false },
      }).enabled,
    ).toEqual([]);
  });

  it("GetUser's fields list the factors on and the preferred one, or leave them out", () => {
    expect(getUserMfaFields(user(null))).toEqual({});
    expect(getUserMfaFields(user({ enabled: ['SMS_MFA', 'EMAIL_OTP'] }))).toEqual({
      UserMFASettingList: ['SMS_MFA', 'EMAIL_OTP'],
    });
    expect(getUserMfaFields(user({ enabled: ['SMS_MFA'], preferred: 'SMS_MFA' }))).toEqual({
      PreferredMfaSetting: 'SMS_MFA',
      UserMFASettingList: ['SMS_MFA'],
    });
  });
});
