/**
 * The signed-in user's profile (docs/cognito-wire.md section 10): read the attributes
 * (`GetUser`), change them (`UpdateUserAttributes`), verify a new email address or phone number
 * (`GetUserAttributeVerificationCode`, `VerifyUserAttribute`). Each call is authorised by the
 * session's access token. After a change the session refreshes, so the ID token's claims
 * (`getState().user`, React's `useUser`) show it.
 */
import {
  type CodeDeliveryDetails,
  metadata,
  nameValues,
  readCodeDelivery,
  requireText,
  signedInCall,
} from '../providers/cognito/accountApi.js';
import type { Session } from '../session.js';
import type { MfaPreference } from './mfaSettings.js';
import type { UserProfile, VerifiableAttributeName } from './profileTypes.js';

export type {
  StandardAttributeName,
  UserAttributes,
  UserProfile,
  VerifiableAttributeName,
} from './profileTypes.js';

const FACTORS: Record<string, keyof MfaPreference> = {
  SOFTWARE_TOKEN_MFA: 'totp',
  SMS_MFA: 'sms',
  EMAIL_OTP: 'email',
};

const factorOf = (value: unknown) =>
  typeof value === 'string' && Object.hasOwn(FACTORS, value) ? FACTORS[value] : undefined;

/**
 * Reads the signed-in user's attributes from Cognito (`GetUser`): the current values, also those
 * the ID token does not carry yet. Rejects with `signed_out` when nobody is signed in, and with
 * `invalid_grant` when Cognito refused the access token for good (then the session has ended).
 *
 * @example
 * ```ts
 * import { getUserAttributes } from '@sessionkit/core';
 *
 * const { username, attributes } = await getUserAttributes(session);
 * if (!attributes.email) showError(`${username} has no email address.`);
 * ```
 */
export async function getUserAttributes(session: Session): Promise<UserProfile> {
  const response = await signedInCall(session, 'getUserAttributes()', 'GetUser', {});
  const body = response.json as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const entry of Array.isArray(body.UserAttributes) ? body.UserAttributes : []) {
    const { Name, Value } = (entry ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name === 'string' && typeof Value === 'string') attributes[Name] = Value;
  }
  const list = Array.isArray(body.UserMFASettingList) ? body.UserMFASettingList : [];
  return {
    username: typeof body.Username === 'string' ? body.Username : '',
    attributes: { sub: '', ...attributes },
    mfa: {
      enabled: list.map(factorOf).filter((factor) => factor !== undefined),
      preferred: factorOf(body.PreferredMfaSetting) ?? null,
    },
  };
}

/**
 * Options of {@link updateUserAttributes}.
 *
 * @example
 * ```ts
 * import { type UpdateUserAttributesOptions, updateUserAttributes } from '@sessionkit/core';
 *
 * const options: UpdateUserAttributesOptions = { clientMetadata: { source: 'settings' }, refresh: false };
 * await updateUserAttributes(session, { nickname: 'Al' }, options);
 * ```
 */
export interface UpdateUserAttributesOptions {
  /** `ClientMetadata`, for the Lambda triggers the call runs (custom message). */
  clientMetadata?: Record<string, string>;
  /** Refresh afterwards, so the ID token's claims show the change. @default true */
  refresh?: boolean;
}

/**
 * What {@link updateUserAttributes} resolves.
 *
 * @example
 * ```ts
 * import { type UpdateUserAttributesResult, updateUserAttributes, verifyUserAttribute } from '@sessionkit/core';
 *
 * const result: UpdateUserAttributesResult = await updateUserAttributes(session, { email: 'new@example.com' });
 * for (const name of result.awaitingVerification) await verifyUserAttribute(session, name, await askForCode());
 * ```
 */
export interface UpdateUserAttributesResult {
  /** The changed attributes Cognito sent a code for: verify them with {@link verifyUserAttribute}. */
  awaitingVerification: VerifiableAttributeName[];
  /** Where each code went (`CodeDeliveryDetailsList`). */
  codeDeliveries: CodeDeliveryDetails[];
  /** Whether the session refreshed after the change (false: not asked, or the refresh failed). */
  claimsRefreshed: boolean;
}

/** Refreshes so the ID token's claims show a change; a failure stays on the state, not thrown. */
export async function refreshClaims(
  session: Session,
  wanted: boolean | undefined,
): Promise<boolean> {
  if (wanted === false) return false;
  return session.refresh().then(
    () => true,
    () => false,
  );
}

/**
 * Changes the signed-in user's attributes (`UpdateUserAttributes`); custom ones take their
 * `custom:` prefix, an empty string removes an attribute. A new email address or phone number
 * gets a code (`awaitingVerification`, `codeDeliveries`): confirm it with
 * {@link verifyUserAttribute}. Then the session refreshes, so `getState().user` shows the change.
 * In a pool without `AttributesRequireVerificationBeforeUpdate` (the API's default) the claims
 * show the new email at once with `email_verified: false`; with it, they keep the old, verified
 * one until the code is verified. Rejects with `provider` for an attribute not in the schema or
 * not writable, `challenge` when another account uses the address (`AliasExistsException`).
 *
 * @example
 * ```ts
 * import { updateUserAttributes } from '@sessionkit/core';
 *
 * const { awaitingVerification } = await updateUserAttributes(session, { name: 'Alice', 'custom:tenant': 'acme' });
 * const saved = awaitingVerification.length === 0;
 * ```
 */
export async function updateUserAttributes(
  session: Session,
  attributes: Record<string, string>,
  options: UpdateUserAttributesOptions = {},
): Promise<UpdateUserAttributesResult> {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0 || entries.some(([, value]) => typeof value !== 'string')) {
    throw new TypeError(
      'updateUserAttributes(): attributes must map at least one attribute name to a string.',
    );
  }
  const response = await signedInCall(session, 'updateUserAttributes()', 'UpdateUserAttributes', {
    UserAttributes: nameValues(attributes),
    ...metadata('ClientMetadata', options.clientMetadata),
  });
  const list = (response.json as { CodeDeliveryDetailsList?: unknown }).CodeDeliveryDetailsList;
  const codeDeliveries = (Array.isArray(list) ? list : [])
    .map((details) => readCodeDelivery({ CodeDeliveryDetails: details }))
    .filter((delivery) => delivery !== undefined);
  const awaitingVerification = codeDeliveries
    .map((delivery) => delivery.attributeName)
    .filter((name): name is VerifiableAttributeName => name === 'email' || name === 'phone_number');
  const claimsRefreshed = await refreshClaims(session, options.refresh);
  return { awaitingVerification, codeDeliveries, claimsRefreshed };
}

/**
 * Sends a new verification code for the user's email address or phone number
 * (`GetUserAttributeVerificationCode`): after a code expired, or for an address never verified.
 * Resolves where it went. Then {@link verifyUserAttribute}.
 *
 * @example
 * ```ts
 * import { sendUserAttributeVerificationCode, verifyUserAttribute } from '@sessionkit/core';
 *
 * const { codeDelivery } = await sendUserAttributeVerificationCode(session, 'email', { clientMetadata: { source: 'settings' } });
 * const where = codeDelivery?.destination;
 * await verifyUserAttribute(session, 'email', await askForCode());
 * ```
 */
export async function sendUserAttributeVerificationCode(
  session: Session,
  attributeName: VerifiableAttributeName,
  options: { clientMetadata?: Record<string, string> } = {},
): Promise<{ codeDelivery: CodeDeliveryDetails | undefined }> {
  const what = 'sendUserAttributeVerificationCode()';
  requireText(what, 'attributeName', attributeName);
  const response = await signedInCall(session, what, 'GetUserAttributeVerificationCode', {
    AttributeName: attributeName,
    ...metadata('ClientMetadata', options.clientMetadata),
  });
  return { codeDelivery: readCodeDelivery(response.json) };
}

/**
 * Verifies the user's email address or phone number with the code Cognito sent
 * (`VerifyUserAttribute`), then refreshes so `getState().user` shows `email_verified: true` (or
 * `phone_number_verified`), and the new value in a pool that kept the old one until verified.
 * Rejects with `challenge` for a wrong code (`CodeMismatchException`: try again) or an expired
 * one (`ExpiredCodeException`: {@link sendUserAttributeVerificationCode}); the message never
 * repeats the code. A failed refresh is not thrown (`claimsRefreshed: false`).
 *
 * @example
 * ```ts
 * import { isSessionError, verifyUserAttribute } from '@sessionkit/core';
 *
 * try {
 *   await verifyUserAttribute(session, 'email', await askForCode(), { refresh: true });
 * } catch (error) {
 *   if (isSessionError(error)) showError(error.message);
 * }
 * ```
 */
export async function verifyUserAttribute(
  session: Session,
  attributeName: VerifiableAttributeName,
  code: string,
  options: { refresh?: boolean } = {},
): Promise<{ claimsRefreshed: boolean }> {
  const what = 'verifyUserAttribute()';
  requireText(what, 'attributeName', attributeName);
  requireText(what, 'code', code);
  await signedInCall(session, what, 'VerifyUserAttribute', {
    AttributeName: attributeName,
    Code: code,
  });
  return { claimsRefreshed: await refreshClaims(session, options.refresh) };
}
