/**
 * The `WEB_AUTHN` way of choice-based sign-in (`InitiateAuth` `USER_AUTH`; docs/cognito-wire.md
 * sections 9 and 11), as a factor of userAuthFactors.ts: offered to a user with a passkey when
 * the pool has passkeys on; its challenge sends `CREDENTIAL_REQUEST_OPTIONS` (a JSON string of
 * `PublicKeyCredentialRequestOptionsJSON`: a fresh challenge, the relying party id, the user's
 * passkeys as `allowCredentials`); the answer's `CREDENTIAL` (`AuthenticationResponseJSON` as a
 * JSON string) is verified by webAuthnVerify.ts `verifyAssertion` (a `userHandle` must be the
 * `user.id` registration gave: the user's `sub`, webAuthnHandlers.ts), and the passkey's signature
 * counter stored when the user is signed in.
 *
 * Cognito's wording for a refused passkey is not in its reference: `NotAuthorizedException`
 * with the kit's message, except an origin or relying party mismatch (their own exceptions).
 */
import { randomBase64url, textToBase64url } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import { passkeySignInAllowed } from './passkeyMfa.js';
import type { UserAuthFactorHandler } from './userAuthFactors.js';
import {
  expectation,
  requireWebAuthn,
  userCredentials,
  WEB_AUTHN_CHALLENGE_SECONDS,
  webAuthnStateOf,
} from './webAuthnState.js';
import { counterMayFollow, verifyAssertion, WebAuthnVerificationError } from './webAuthnVerify.js';

function readCredential(responses: Record<string, unknown>): string {
  const credential = responses.CREDENTIAL;
  if (typeof credential !== 'string' || credential === '') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter CREDENTIAL');
  }
  return credential;
}

/** The `WEB_AUTHN` factor (registered by webAuthnHandlers.ts). */
export const WEB_AUTHN_FACTOR: UserAuthFactorHandler = {
  isAvailable: (state, user, context) =>
    context.config.webAuthn !== null &&
    userCredentials(state, user.username).length > 0 &&
    passkeySignInAllowed(user, context.config.mfa, context.config.webAuthn),

  open(state, user, context) {
    const config = requireWebAuthn(context);
    const challenge = randomBase64url(32);
    const options = {
      challenge,
      rpId: config.relyingPartyId,
      timeout: WEB_AUTHN_CHALLENGE_SECONDS * 1000,
      userVerification: config.userVerification,
      allowCredentials: userCredentials(state, user.username).map((credential) => ({
        type: 'public-key',
        id: credential.credentialId,
        ...(credential.transports.length > 0 ? { transports: credential.transports } : {}),
      })),
    };
    return {
      parameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
      data: { challenge },
    };
  },

  async verify({ responses, data, user }, context) {
    const config = requireWebAuthn(context);
    const credential = readCredential(responses);
    const store = await context.store.transact((state) => webAuthnStateOf(state).credentials);
    const { challenge } = data as { challenge: string };
    try {
      const { record, signCount } = await verifyAssertion(
        store,
        {
          ...expectation(config, challenge),
          username: user.username,
          userHandle: textToBase64url(user.sub),
        },
        credential,
      );
      return { id: record.credentialId, signCount };
    } catch (error) {
      if (!(error instanceof WebAuthnVerificationError)) throw error;
      const type =
        error.reason === 'origin'
          ? 'WebAuthnOriginNotAllowedException'
          : error.reason === 'rpIdHash'
            ? 'WebAuthnRelyingPartyMismatchException'
            : 'NotAuthorizedException';
      throw new CognitoApiError(type, `Invalid passkey credential: ${error.message}`);
    }
  },

  accept(state, _user, verified) {
    // Verified just before: store the counter, unless another sign-in with it got in between.
    const { id, signCount } = verified as { id: string; signCount: number };
    const stored = webAuthnStateOf(state).credentials[id];
    if (!stored || !counterMayFollow(stored.signCount, signCount)) {
      throw new CognitoApiError('NotAuthorizedException', 'Invalid passkey credential.');
    }
    stored.signCount = signCount;
  },
};
