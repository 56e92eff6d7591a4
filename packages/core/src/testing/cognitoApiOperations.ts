/** The operations of the JSON API (cognitoApiHandlers.ts dispatches to them by `X-Amz-Target`). */
import { ACCOUNT_OPERATIONS } from './accountHandlers.js';
import {
  asObject,
  FLOW_REFUSALS,
  type JsonObject,
  requireAllowedFlow,
  requireClient,
  requireString,
} from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import {
  answerCustomChallenge,
  answerCustomPasswordVerifier,
  initiateCustomAuth,
} from './customAuth.js';
import {
  afterPasswordWithDevice,
  answerDeviceChallenge,
  answeredDevice,
  DEVICE_OPERATIONS,
  isDeviceChallenge,
} from './deviceHandlers.js';
import { type TrackedOutcome, trackDevice } from './devices.js';
import { MFA_OPERATIONS, totpProofForChallenge } from './mfaHandlers.js';
import { getUserMfaFields } from './mfaPolicy.js';
import { checkPassword, refuseUnlessRight } from './passwordAttempts.js';
import { type PoolContext, signInContext } from './poolContext.js';
import { PROFILE_OPERATIONS } from './profileHandlers.js';
import { REFRESH_REJECTION_ERRORS, refreshTokens } from './refreshFlow.js';
import { revokeRefreshToken, revokeUser } from './refreshTokens.js';
import { respondToChallenge } from './signIn.js';
import { answerPasswordVerifier, startSrpSignIn } from './srpSignIn.js';
import { authorizeAccessToken, signTokens } from './tokenIssuer.js';
import { answerUserAuth, initiateUserAuth } from './userAuth.js';
import { userIn } from './userAuthSteps.js';
import { unknownUserSignIn } from './userExistence.js';
import { WEB_AUTHN_OPERATIONS } from './webAuthnHandlers.js';

type Operation = (context: PoolContext, input: JsonObject) => Promise<unknown>;

/** The JSON API operations by name. */
export const OPERATIONS: Record<string, Operation> = {
  async InitiateAuth(context, input) {
    requireClient(context, input.ClientId);
    const parameters = asObject(input.AuthParameters);
    requireAllowedFlow(context, input.AuthFlow);
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH': {
        const checked = await context.store.transact((state) =>
          checkPassword(state, parameters, signInContext(context)),
        );
        if (!checked) return unknownUserSignIn(context);
        refuseUnlessRight(checked.verdict);
        const outcome = await context.store.transact((state) =>
          afterPasswordWithDevice(
            context,
            state,
            userIn(state, checked.username),
            parameters.DEVICE_KEY,
          ),
        );
        return signInResponse(context, outcome);
      }
      case 'USER_SRP_AUTH':
        return startSrpSignIn(context, parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN': {
        // AWS documents that rotating clients cannot use REFRESH_TOKEN_AUTH (rotation requires
        // disabling ALLOW_REFRESH_TOKEN_AUTH); the exact error is unconfirmed. This is the
        // configuration error Cognito gives for any flow the client does not allow.
        if (context.config.isRotating) {
          throw new CognitoApiError(
            'InvalidParameterException',
            'Auth flow not enabled for this client',
          );
        }
        const result = await refreshTokens(
          context,
          requireString(parameters, 'REFRESH_TOKEN'),
          context.config.clientId,
          parameters.DEVICE_KEY,
        );
        if (!result.ok) throw new CognitoApiError(...REFRESH_REJECTION_ERRORS[result.reason]);
        // REFRESH_TOKEN_AUTH never returns a refresh token: the caller keeps its own.
        return {
          ChallengeParameters: {},
          AuthenticationResult: authenticationResult(context, result.tokens),
        };
      }
      case 'USER_AUTH':
        return initiateUserAuth(context, input, (outcome) => signInResponse(context, outcome));
      case 'CUSTOM_AUTH':
        return initiateCustomAuth(context, input, (outcome) => signInResponse(context, outcome));
      case undefined:
        throw new CognitoApiError(
          'InvalidParameterException',
          "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null",
        );
      default:
        if (typeof input.AuthFlow === 'string' && Object.hasOwn(FLOW_REFUSALS, input.AuthFlow)) {
          // Allowed by the client (requireAllowedFlow passed), but not simulated here.
          throw new CognitoApiError(
            'InvalidParameterException',
            `${input.AuthFlow} is allowed for this client but not simulated by the fake user pool`,
          );
        }
        throw new CognitoApiError(
          'InvalidParameterException',
          'Auth flow not enabled for this client',
        );
    }
  },

  async RespondToAuthChallenge(context, input) {
    requireClient(context, input.ClientId);
    if (input.ChallengeName === 'PASSWORD_VERIFIER') {
      const custom = await answerCustomPasswordVerifier(context, input, (outcome) =>
        signInResponse(context, outcome),
      );
      if (custom !== undefined) return custom;
      const responses = asObject(input.ChallengeResponses);
      return signInResponse(context, await answerPasswordVerifier(context, responses));
    }
    if (input.ChallengeName === 'CUSTOM_CHALLENGE') {
      return answerCustomChallenge(context, input, (outcome) => signInResponse(context, outcome));
    }
    if (isDeviceChallenge(input.ChallengeName)) {
      return answerDeviceChallenge(context, input, (outcome) => signInResponse(context, outcome));
    }
    const choice = await answerUserAuth(context, input, (outcome) =>
      signInResponse(context, outcome),
    );
    if (choice) return choice;
    const totp = await totpProofForChallenge(context, input.Session);
    const outcome = await context.store.transact((state) =>
      trackDevice(state, answeredDevice(context, state, input), () =>
        respondToChallenge(
          state,
          {
            challengeName: input.ChallengeName,
            session: input.Session,
            responses: asObject(input.ChallengeResponses),
            totp,
          },
          signInContext(context),
        ),
      ),
    );
    return signInResponse(context, outcome);
  },

  async GetTokensFromRefreshToken(context, input) {
    requireClient(context, input.ClientId);
    const result = await refreshTokens(
      context,
      requireString(input, 'RefreshToken'),
      context.config.clientId,
      input.DeviceKey,
    );
    if (!result.ok) throw new CognitoApiError(...REFRESH_REJECTION_ERRORS[result.reason]);
    return {
      AuthenticationResult: {
        ...authenticationResult(context, result.tokens),
        ...(result.rotatedRefreshToken ? { RefreshToken: result.rotatedRefreshToken } : {}),
      },
    };
  },

  async RevokeToken(context, input) {
    requireClient(context, input.ClientId);
    const token = requireString(input, 'Token');
    if (!context.config.tokenRevocation) {
      throw new CognitoApiError(
        'UnsupportedOperationException',
        'Token revocation is not enabled for this app client.',
      );
    }
    await context.store.transact((state) =>
      revokeRefreshToken(state, token, context.config.clientId),
    );
    return {};
  },

  async GlobalSignOut(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    await context.store.transact((state) => revokeUser(state, username));
    return {};
  },

  async GetUser(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const user = await context.store.transact((state) => state.users[username]);
    if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    const attributes = { ...user.attributes, sub: user.sub };
    return {
      Username: user.username,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      ...getUserMfaFields(user),
    };
  },

  ...MFA_OPERATIONS,
  ...DEVICE_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...WEB_AUTHN_OPERATIONS,
  ...PROFILE_OPERATIONS,
};

async function signInResponse(context: PoolContext, outcome: TrackedOutcome): Promise<unknown> {
  if (outcome.kind === 'challenge') {
    return {
      ChallengeName: outcome.challengeName,
      ChallengeParameters: outcome.parameters,
      Session: outcome.session,
    };
  }
  const tokens = await signTokens(context, outcome.user, outcome.record);
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      ...authenticationResult(context, tokens),
      RefreshToken: outcome.refreshToken,
      ...(outcome.newDevice ? { NewDeviceMetadata: outcome.newDevice } : {}),
    },
  };
}

function authenticationResult(
  context: PoolContext,
  tokens: { idToken: string; accessToken: string },
) {
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: context.tokenLifetimeSeconds(),
    IdToken: tokens.idToken,
    TokenType: 'Bearer',
  };
}
