import { SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import {
  associateSoftwareToken,
  readTotpCode,
  type TotpUriOptions,
  totpApiError,
  totpUri,
  verifySoftwareToken,
} from '../providers/cognito/totpApi.js';
import { internalsOf, type SessionInternals } from '../session/internals.js';
import type { Session } from '../session.js';

/** The signed-in user's access token and what calls Cognito with it; the cognito() provider only. */
async function signedInCognito(session: Session, what: string) {
  const internals: SessionInternals = internalsOf(session);
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError('provider', `${what} needs the cognito() provider.`);
  }
  // Rejects with `signed_out` when nobody is signed in; refreshes a token about to expire.
  const accessToken = await session.getAccessToken();
  const cognito = provider as CognitoProvider;
  return { internals, cognito, accessToken, callApi: createCognitoApi(cognito.endpoint) };
}

/**
 * Starts setting up an authenticator app (TOTP) for the signed-in user (`AssociateSoftwareToken`
 * with the access token). Resolves the secret and its `otpauth://` URI for a QR code; then
 * {@link verifyTotp} with a code the app shows, and {@link setMfaPreference} to turn it on.
 * `issuer` (what the app shows above the account; no colon) defaults to the user pool id, `label`
 * to the username. Rejects with `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { associateTotp, setMfaPreference, verifyTotp } from '@sessionkit/core';
 * import { totp } from '@sessionkit/core/testing';
 *
 * const { uri } = await associateTotp(session, { issuer: 'My App' });
 * showQrCode(uri);
 * await verifyTotp(session, await askForCode(), { friendlyDeviceName: 'Phone' });
 * await setMfaPreference(session, { totp: 'preferred' });
 * ```
 */
export async function associateTotp(
  session: Session,
  options: TotpUriOptions = {},
): Promise<{ secret: string; uri: string }> {
  const { internals, cognito, accessToken, callApi } = await signedInCognito(
    session,
    'associateTotp()',
  );
  const state = session.getState();
  const username = state.status === 'signedIn' ? state.user['cognito:username'] : undefined;
  const issuer = options.issuer ?? cognito.userPoolId;
  const label = options.label ?? (typeof username === 'string' ? username : '');
  totpUri('A', issuer, label);
  const { secret } = await internals.call((context) =>
    associateSoftwareToken(callApi, context, { AccessToken: accessToken }),
  );
  return { secret, uri: totpUri(secret, issuer, label) };
}

/**
 * Checks a code of the authenticator {@link associateTotp} set up (`VerifySoftwareToken`). A wrong
 * code rejects with a `challenge` SessionError and can be tried again. Verifying replaces the
 * user's previous authenticator; it is used at sign-in once turned on ({@link setMfaPreference}),
 * or at once where the pool requires MFA.
 *
 * @example
 * ```ts
 * import { verifyTotp } from '@sessionkit/core';
 *
 * await verifyTotp(session, '123456', { friendlyDeviceName: "Alice's phone" });
 * ```
 */
export async function verifyTotp(
  session: Session,
  code: string,
  options: { friendlyDeviceName?: string } = {},
): Promise<void> {
  const userCode = readTotpCode(code);
  const { internals, accessToken, callApi } = await signedInCognito(session, 'verifyTotp()');
  await internals.call((context) =>
    verifySoftwareToken(
      callApi,
      context,
      { AccessToken: accessToken },
      userCode,
      options.friendlyDeviceName,
    ),
  );
}

/**
 * One factor's setting: `'preferred'` (on, and the one asked for at sign-in), `'enabled'` (on, not
 * preferred), `'disabled'` (off).
 */
export type MfaFactorSetting = 'preferred' | 'enabled' | 'disabled';

/** What {@link setMfaPreference} changes; factors left out stay as they are. */
export interface MfaPreference {
  /** An authenticator app; needs {@link verifyTotp} first. */
  totp?: MfaFactorSetting;
  /** SMS codes; needs a phone number on the user. */
  sms?: MfaFactorSetting;
  /** Email codes; needs an email address on the user. */
  email?: MfaFactorSetting;
  /**
   * Passkey MFA (`WebAuthnMfaSettings`): a passkey that verifies the user (fingerprint, face or
   * PIN) signs this user in although the user has MFA, where the pool's passkeys count as MFA
   * (`FactorConfiguration` `MULTI_FACTOR_WITH_USER_VERIFICATION`). Without it Cognito refuses such
   * a user's passkey sign-in. It needs another factor on, and is never the preferred one.
   */
  passkey?: 'enabled' | 'disabled';
}

const SETTINGS: Record<MfaFactorSetting, { Enabled: boolean; PreferredMfa: boolean }> = {
  preferred: { Enabled: true, PreferredMfa: true },
  enabled: { Enabled: true, PreferredMfa: false },
  disabled: { Enabled: false, PreferredMfa: false },
};

function settingOf(factor: string, value: MfaFactorSetting | undefined) {
  if (value === undefined) return undefined;
  if (!Object.hasOwn(SETTINGS, value)) {
    throw new TypeError(
      `setMfaPreference(): ${factor} must be 'preferred', 'enabled' or 'disabled', got ${JSON.stringify(value)}.`,
    );
  }
  return SETTINGS[value];
}

/**
 * Turns the signed-in user's MFA factors on or off and picks the preferred one
 * (`SetUserMFAPreference`). With several factors on and none preferred, sign-in asks the user to
 * choose (`SELECT_MFA_TYPE`). Rejects with `provider` when Cognito cannot turn a factor on (an
 * authenticator not verified, no phone number or email), `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { setMfaPreference } from '@sessionkit/core';
 * import { totp } from '@sessionkit/core/testing';
 *
 * await setMfaPreference(session, { totp: 'preferred', sms: 'disabled' });
 * await setMfaPreference(session, { passkey: 'enabled' }); // where passkeys count as MFA
 * ```
 */
export async function setMfaPreference(session: Session, preference: MfaPreference): Promise<void> {
  const { passkey } = preference;
  if (passkey !== undefined && passkey !== 'enabled' && passkey !== 'disabled') {
    throw new TypeError(
      `setMfaPreference(): passkey must be 'enabled' or 'disabled', got ${JSON.stringify(passkey)}.`,
    );
  }
  const settings = {
    SoftwareTokenMfaSettings: settingOf('totp', preference.totp),
    SMSMfaSettings: settingOf('sms', preference.sms),
    EmailMfaSettings: settingOf('email', preference.email),
    WebAuthnMfaSettings: passkey && { Enabled: passkey === 'enabled' },
  };
  const { internals, accessToken, callApi } = await signedInCognito(session, 'setMfaPreference()');
  // JSON.stringify leaves out the factors left unset.
  await internals.call((context) =>
    callApi(
      context,
      'SetUserMFAPreference',
      { AccessToken: accessToken, ...settings },
      totpApiError,
    ),
  );
}
