/**
 * Which MFA step a user owes, and how a user's MFA settings change, as pure functions of the pool's
 * MFA configuration and the stored user (docs/cognito-wire.md sections 3 and 7). Errors are thrown
 * as {@link CognitoApiError}, as Cognito answers them.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type {
  FakeUser,
  FakeUserInput,
  FakeUserMfa,
  FakeUserMfaSettings,
  MfaFactor,
} from './fakePoolTypes.js';

/** Every factor, in the order Cognito lists them. */
export const MFA_FACTORS: readonly MfaFactor[] = Object.freeze([
  'SOFTWARE_TOKEN_MFA',
  'SMS_MFA',
  'EMAIL_OTP',
]);

/** The pool's `MfaConfiguration` and the factors it enables. */
export interface PoolMfaConfig {
  /** `'off'` still challenges users who have a factor on (the kit's behaviour before this option). */
  readonly mode: 'off' | 'optional' | 'required';
  readonly factors: readonly MfaFactor[];
}

/** Checks and defaults the pool options `mfa` and `mfaFactors`. */
export function resolveMfaConfig(
  mode: PoolMfaConfig['mode'] = 'off',
  factors: readonly MfaFactor[] = MFA_FACTORS,
): PoolMfaConfig {
  if (!['off', 'optional', 'required'].includes(mode)) {
    throw new RangeError(
      `mfa must be 'off', 'optional' or 'required', got ${JSON.stringify(mode)}`,
    );
  }
  const unknown = factors.filter((factor) => !MFA_FACTORS.includes(factor));
  if (unknown.length > 0 || (mode !== 'off' && factors.length === 0)) {
    throw new RangeError(
      `mfaFactors must list some of ${MFA_FACTORS.join(', ')}, got ${JSON.stringify(factors)}`,
    );
  }
  return { mode, factors: MFA_FACTORS.filter((factor) => factors.includes(factor)) };
}

/** No factor, nothing associated. */
export function emptyMfaSettings(): FakeUserMfaSettings {
  return {
    enabled: [],
    preferred: null,
    totpSecret: null,
    pendingTotpSecret: null,
    fixedCodes: {},
  };
}

/** The stored settings of `addUser`'s `mfa` and `preferredMfa`, or `null` without factors. */
export function mfaSettingsFromInput(input: FakeUserInput): FakeUserMfaSettings | null {
  const factors: readonly FakeUserMfa[] = !input.mfa
    ? []
    : Array.isArray(input.mfa)
      ? input.mfa
      : [input.mfa as FakeUserMfa];
  if (factors.length === 0) return null;
  const settings = emptyMfaSettings();
  for (const factor of factors) {
    if (!MFA_FACTORS.includes(factor.type)) {
      throw new Error(`addUser: unknown MFA factor ${JSON.stringify(factor.type)}`);
    }
    if (factor.type === 'EMAIL_OTP' && !input.attributes?.email) {
      throw new Error(`addUser: "${input.username}" needs an email attribute for EMAIL_OTP`);
    }
    if (!settings.enabled.includes(factor.type)) settings.enabled.push(factor.type);
    if ('code' in factor) settings.fixedCodes[factor.type] = factor.code;
    if ('secret' in factor) settings.totpSecret = factor.secret.replace(/[\s=]/g, '').toUpperCase();
  }
  const preferred =
    input.preferredMfa ?? (settings.enabled.length === 1 ? settings.enabled[0] : null);
  if (preferred && !settings.enabled.includes(preferred)) {
    throw new Error(`addUser: preferredMfa ${preferred} is not one of the user's factors`);
  }
  settings.preferred = preferred ?? null;
  return settings;
}

/** A user's settings, never `null` (a fresh copy when the user has none). */
export function mfaSettingsOf(user: FakeUser): FakeUserMfaSettings {
  if (!user.mfa) return emptyMfaSettings();
  // A state stored by an older kit keeps `addUser`'s `{ type, code }` as it was.
  const legacy = user.mfa as unknown as Partial<{ type: MfaFactor; code: string }>;
  if (legacy.type && legacy.code !== undefined) {
    return mfaSettingsFromInput({
      username: user.username,
      password: '',
      attributes: user.attributes,
      mfa: { type: legacy.type, code: legacy.code },
    })!;
  }
  return user.mfa;
}

/** What a user owes after the password (and a new password, if one was due). */
export type MfaStep =
  | { kind: 'none' }
  | { kind: 'challenge'; name: MfaFactor }
  | { kind: 'select'; choices: MfaFactor[] }
  | { kind: 'setup'; canSetUp: MfaFactor[] };

/**
 * The MFA step of a user: the preferred factor, the only one, a choice (`SELECT_MFA_TYPE`) between
 * several, or, where the pool requires MFA and the user has none, `MFA_SETUP`. A required pool uses
 * a verified authenticator even when the user never turned it on, and SMS for a user with a phone
 * number (Cognito sends SMS codes also to unverified numbers).
 */
export function mfaStepFor(user: FakeUser, config: PoolMfaConfig): MfaStep {
  const settings = mfaSettingsOf(user);
  const offered = settings.enabled.filter((factor) => config.factors.includes(factor));
  if (offered.length === 0 && config.mode === 'required') {
    if (settings.totpSecret && config.factors.includes('SOFTWARE_TOKEN_MFA')) {
      offered.push('SOFTWARE_TOKEN_MFA');
    } else if (config.factors.includes('SMS_MFA') && user.attributes.phone_number) {
      offered.push('SMS_MFA');
    } else {
      return { kind: 'setup', canSetUp: [...config.factors] };
    }
  }
  if (offered.length === 0) return { kind: 'none' };
  if (settings.preferred && offered.includes(settings.preferred)) {
    return { kind: 'challenge', name: settings.preferred };
  }
  if (offered.length === 1) return { kind: 'challenge', name: offered[0]! };
  return { kind: 'select', choices: offered };
}

/** A phone number as Cognito shows it in `CODE_DELIVERY_DESTINATION`: `+*******0123`. */
export function maskPhoneNumber(phone: string): string {
  return `+*******${phone.slice(-4)}`;
}

/** An email address as Cognito shows it in `CODE_DELIVERY_DESTINATION`: `a***@e***`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***@${email.slice(at + 1, at + 2)}***`;
}

/** Where an `SMS_MFA` or `EMAIL_OTP` code goes (a user added without a phone number gets a stand-in). */
export function deliveryOf(
  user: FakeUser,
  factor: 'SMS_MFA' | 'EMAIL_OTP',
): { medium: 'SMS' | 'EMAIL'; destination: string; masked: string } {
  if (factor === 'SMS_MFA') {
    const phone = user.attributes.phone_number ?? '+10000000000';
    return { medium: 'SMS', destination: phone, masked: maskPhoneNumber(phone) };
  }
  const email = user.attributes.email ?? '';
  return { medium: 'EMAIL', destination: email, masked: maskEmail(email) };
}

/** One factor's part of `SetUserMFAPreference` (`Enabled`, `PreferredMfa`). */
export interface MfaSettingInput {
  Enabled?: unknown;
  PreferredMfa?: unknown;
}

/**
 * Applies `SetUserMFAPreference` to a user's settings (returns the new ones). Turning a factor on
 * needs what delivers it: a verified authenticator, a phone number, an email address. Wording of
 * the refusal as Cognito answers it today ("User does not have delivery config set to turn on
 * SOFTWARE_TOKEN_MFA"); older answers said "User has not verified software token mfa".
 */
export function applyMfaPreference(
  user: FakeUser,
  config: PoolMfaConfig,
  changes: Partial<Record<MfaFactor, MfaSettingInput | undefined>>,
): FakeUserMfaSettings {
  const settings = structuredClone(mfaSettingsOf(user));
  for (const factor of MFA_FACTORS) {
    const change = changes[factor];
    if (!change) continue;
    const isOn = change.Enabled === true || change.PreferredMfa === true;
    if (isOn) {
      // Unconfirmed wording: Cognito refuses a factor the pool does not enable.
      if (!config.factors.includes(factor)) {
        throw new CognitoApiError(
          'InvalidParameterException',
          `${factor} is not enabled for this user pool`,
        );
      }
      const canDeliver =
        factor === 'SOFTWARE_TOKEN_MFA'
          ? settings.totpSecret !== null
          : factor === 'SMS_MFA'
            ? Boolean(user.attributes.phone_number)
            : Boolean(user.attributes.email);
      if (!canDeliver) {
        throw new CognitoApiError(
          'InvalidParameterException',
          `User does not have delivery config set to turn on ${factor}`,
        );
      }
      if (!settings.enabled.includes(factor)) settings.enabled.push(factor);
    } else if (change.Enabled === false) {
      settings.enabled = settings.enabled.filter((enabled) => enabled !== factor);
    }
    if (change.PreferredMfa === true) settings.preferred = factor;
    else if (settings.preferred === factor && (change.PreferredMfa === false || !isOn)) {
      settings.preferred = null;
    }
  }
  return settings;
}

/** `GetUser`'s MFA fields: the factors turned on, and the preferred one. */
export function getUserMfaFields(user: FakeUser): {
  PreferredMfaSetting?: MfaFactor;
  UserMFASettingList?: MfaFactor[];
} {
  const settings = mfaSettingsOf(user);
  return {
    ...(settings.preferred ? { PreferredMfaSetting: settings.preferred } : {}),
    ...(settings.enabled.length > 0 ? { UserMFASettingList: [...settings.enabled] } : {}),
  };
}
