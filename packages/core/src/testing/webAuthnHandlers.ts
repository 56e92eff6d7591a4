/**
 * The JSON API's passkey operations (AWS's API reference; docs/cognito-wire.md section 11):
 * `StartWebAuthnRegistration`, `CompleteWebAuthnRegistration` (verified for real:
 * webAuthnVerify.ts), `ListWebAuthnCredentials`, `DeleteWebAuthnCredential`. Registered in
 * cognitoApiOperations.ts; loading this module also adds the `WEB_AUTHN` way of choice-based sign-in
 * (webAuthnSignIn.ts) to userAuthFactors.ts.
 *
 * Cognito's wording of most of these errors is not in its reference: the messages here are the
 * kit's, the exception names AWS's.
 */

import { randomBase64url, textToBase64url } from './base64url.js';
import type { JsonObject } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';
import { authorizeAccessToken } from './tokenIssuer.js';
import { registerUserAuthFactor } from './userAuthFactors.js';
import { ES256, RS256 } from './webAuthnCose.js';
import { WEB_AUTHN_FACTOR } from './webAuthnSignIn.js';
import {
  expectation,
  requireWebAuthn,
  userCredentials,
  WEB_AUTHN_CHALLENGE_SECONDS,
  webAuthnStateOf,
} from './webAuthnState.js';
import {
  verifyRegistration,
  type WebAuthnRefusal,
  WebAuthnVerificationError,
} from './webAuthnVerify.js';

const REGISTRATION_ERRORS: Record<WebAuthnRefusal, string> = {
  malformed: 'InvalidParameterException',
  type: 'InvalidParameterException',
  challenge: 'WebAuthnChallengeNotFoundException',
  origin: 'WebAuthnOriginNotAllowedException',
  rpIdHash: 'WebAuthnRelyingPartyMismatchException',
  userPresence: 'InvalidParameterException',
  userVerification: 'WebAuthnCredentialNotSupportedException',
  unsupported: 'WebAuthnCredentialNotSupportedException',
  unknownCredential: 'InvalidParameterException',
  signature: 'InvalidParameterException',
  counter: 'InvalidParameterException',
};

export const WEB_AUTHN_OPERATIONS: Record<
  string,
  (context: PoolContext, input: JsonObject) => Promise<unknown>
> = {
  async StartWebAuthnRegistration(context, input) {
    const config = requireWebAuthn(context);
    const username = await authorizeAccessToken(context, input.AccessToken);
    const challenge = randomBase64url(32);
    const now = context.now();
    return context.store.transact((state) => {
      const user = state.users[username]!;
      webAuthnStateOf(state).registrations[username] = {
        challenge,
        clientId: context.config.clientId,
        relyingPartyId: config.relyingPartyId,
        expiresAt: now + WEB_AUTHN_CHALLENGE_SECONDS * 1000,
      };
      return {
        CredentialCreationOptions: {
          rp: { id: config.relyingPartyId, name: config.relyingPartyId },
          user: { id: textToBase64url(user.sub), name: username, displayName: username },
          challenge,
          pubKeyCredParams: [
            { type: 'public-key', alg: ES256 },
            { type: 'public-key', alg: RS256 },
          ],
          timeout: WEB_AUTHN_CHALLENGE_SECONDS * 1000,
          excludeCredentials: userCredentials(state, username).map((credential) => ({
            type: 'public-key',
            id: credential.credentialId,
            ...(credential.transports.length > 0 ? { transports: credential.transports } : {}),
          })),
          authenticatorSelection: {
            residentKey: 'required',
            requireResidentKey: true,
            userVerification: config.userVerification,
          },
          attestation: 'none',
        },
      };
    });
  },

  async CompleteWebAuthnRegistration(context, input) {
    const config = requireWebAuthn(context);
    const username = await authorizeAccessToken(context, input.AccessToken);
    if (typeof input.Credential !== 'object' || input.Credential === null) {
      throw new CognitoApiError(
        'InvalidParameterException',
        'Missing required parameter Credential',
      );
    }
    const now = context.now();
    // The challenge is used up by the first attempt, whatever its outcome.
    const pending = await context.store.transact((state) => {
      const registrations = webAuthnStateOf(state).registrations;
      const found = registrations[username];
      delete registrations[username];
      return found && found.expiresAt > now ? found : null;
    });
    if (!pending) {
      throw new CognitoApiError(
        'WebAuthnChallengeNotFoundException',
        'No passkey registration is in progress.',
      );
    }
    let verified: Awaited<ReturnType<typeof verifyRegistration>>;
    try {
      verified = await verifyRegistration(input.Credential, expectation(config, pending.challenge));
    } catch (error) {
      if (!(error instanceof WebAuthnVerificationError)) throw error;
      throw new CognitoApiError(REGISTRATION_ERRORS[error.reason], error.message);
    }
    await context.store.transact((state) => {
      const credentials = webAuthnStateOf(state).credentials;
      if (credentials[verified.credentialId]) {
        throw new CognitoApiError(
          'InvalidParameterException',
          'The passkey is already registered.',
        );
      }
      const { userVerified: _ignored, ...stored } = verified;
      credentials[verified.credentialId] = {
        ...stored,
        username,
        friendlyName: 'Passkey',
        relyingPartyId: pending.relyingPartyId,
        createdAt: now,
      };
    });
    return {};
  },

  async ListWebAuthnCredentials(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const max = input.MaxResults === undefined ? 20 : input.MaxResults;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 20) {
      throw new CognitoApiError('InvalidParameterException', 'MaxResults must be 0–20.');
    }
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    if (!Number.isInteger(start) || start < 0) {
      throw new CognitoApiError('InvalidParameterException', 'Invalid NextToken.');
    }
    const all = await context.store.transact((state) =>
      userCredentials(state, username).sort((a, b) => a.createdAt - b.createdAt),
    );
    const page = all.slice(start, start + max);
    return {
      Credentials: page.map((credential) => ({
        CredentialId: credential.credentialId,
        FriendlyCredentialName: credential.friendlyName,
        RelyingPartyId: credential.relyingPartyId,
        ...(credential.authenticatorAttachment
          ? { AuthenticatorAttachment: credential.authenticatorAttachment }
          : {}),
        AuthenticatorTransports: credential.transports,
        CreatedAt: credential.createdAt / 1000,
      })),
      ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
    };
  },

  async DeleteWebAuthnCredential(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const id = input.CredentialId;
    if (typeof id !== 'string' || id === '') {
      throw new CognitoApiError(
        'InvalidParameterException',
        'Missing required parameter CredentialId',
      );
    }
    await context.store.transact((state) => {
      const credentials = webAuthnStateOf(state).credentials;
      if (credentials[id]?.username !== username) {
        throw new CognitoApiError('ResourceNotFoundException', 'Credential not found.');
      }
      delete credentials[id];
    });
    return {};
  },
};

// Choice-based sign-in offers passkeys wherever this module (the passkey operations) is loaded.
registerUserAuthFactor('WEB_AUTHN', WEB_AUTHN_FACTOR);
