/**
 * The JSON API's account operations (AWS's API reference; docs/cognito-wire.md section 7,
 * "Sign-up"): `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`,
 * `ConfirmForgotPassword`, `ChangePassword`. Registered in cognitoApiOperations.ts; the rules are
 * accountState.ts's. Signing in with `ConfirmSignUp`'s `Session` (`InitiateAuth` `USER_AUTH`,
 * once, within the app client's sign-in session duration) is userAuth.ts's.
 *
 * Unknown users answer `UserNotFoundException` "Username/client id combination not found." (an
 * app client created through the API has `PreventUserExistenceErrors` `LEGACY`); with it
 * `ENABLED`, as userExistence.ts says.
 */
import {
  CONFIRMED_SESSION_LIFETIME_SECONDS,
  changeUserPassword,
  codeDestination,
  openSignUpSession,
  sendAccountCode,
  takeSignUpSession,
  useAccountCode,
} from './accountState.js';
import {
  requireAttributeFormats,
  requireSchemaAttributes,
  requireWriteAccess,
} from './attributeRules.js';
import { type JsonObject, requireCode, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { requirePasswordlessSignUp } from './passwordlessSignUp.js';
import { requirePasswordShape, requirePolicy, setUserPassword } from './passwordPolicy.js';
import { CODE_MISMATCH, EXPIRED_CODE } from './pendingCodes.js';
import type { PoolContext } from './poolContext.js';
import { applyPreSignUp, runPreSignUp } from './preSignUp.js';
import { authorizeAccessToken } from './tokenIssuer.js';
import {
  accountUser,
  hidesUserExistence,
  simulatedDelivery,
  USER_NOT_FOUND,
} from './userExistence.js';
import { claimAlias, existingUsername, requireUsernameShape, signUpIdentity } from './usernames.js';

/** `ForgotPassword` for a user who has a temporary password (the wording public reports quote). */
const RESET_REFUSED = 'User password cannot be reset in the current state.';

function requireClientOf(context: PoolContext, input: JsonObject): void {
  const clientId = requireString(input, 'ClientId');
  if (clientId !== context.config.clientId) {
    throw new CognitoApiError(
      'ResourceNotFoundException',
      `User pool client ${clientId} does not exist.`,
    );
  }
}

/** `UserAttributes` (`[{Name, Value}]`) as a record; refused when not a list of string pairs. */
function readAttributes(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const list = Array.isArray(value) ? value : null;
  const attributes: Record<string, string> = {};
  for (const entry of list ?? [null]) {
    const { Name, Value } = (entry ?? {}) as JsonObject;
    if (typeof Name !== 'string' || typeof Value !== 'string') {
      throw new CognitoApiError('InvalidParameterException', 'Invalid UserAttributes');
    }
    attributes[Name] = Value;
  }
  return attributes;
}

export const ACCOUNT_OPERATIONS: Record<
  string,
  (context: PoolContext, input: JsonObject) => Promise<unknown>
> = {
  async SignUp(context, input) {
    requireClientOf(context, input);
    if (context.config.allowAdminCreateUserOnly) {
      throw new CognitoApiError(
        'NotAuthorizedException',
        'SignUp is not permitted for this user pool',
      );
    }
    const name = requireUsernameShape(requireString(input, 'Username'));
    // No Password (or a blank one): a passwordless user, where the pool allows it.
    const password =
      input.Password === undefined || input.Password === '' ? '' : requireString(input, 'Password');
    if (password) requirePasswordShape(password, 'password');
    const { sub: _ignored, ...given } = readAttributes(input.UserAttributes);
    requireWriteAccess(context.config.writeAttributes, Object.keys(given));
    requireAttributeFormats(given);
    if (password) requirePolicy(password, context.config.passwordPolicy);
    // ValidationData is read only for a trigger: Cognito keeps it for no one else.
    const trigger = context.config.preSignUp;
    const preSignUp = trigger
      ? await runPreSignUp(trigger, {
          userName: name,
          userAttributes: given,
          validationData: readAttributes(input.ValidationData),
          clientMetadata: input.ClientMetadata,
        })
      : {};
    const now = context.now();
    return context.store.transact((state) => {
      const sub = globalThis.crypto.randomUUID();
      const request = { name, attributes: given, generated: sub };
      const { username, attributes } = signUpIdentity(state, request, context.config.signInNames);
      if (!password) requirePasswordlessSignUp(context, attributes);
      requireSchemaAttributes(attributes, context.config.requiredAttributes);
      if (existingUsername(state, username, context.config.signInNames)) {
        throw new CognitoApiError('UsernameExistsException', 'User already exists');
      }
      const user: FakeUser = {
        username,
        password,
        sub,
        attributes,
        groups: [],
        status: 'UNCONFIRMED',
        mfa: null,
      };
      state.users[username] = user;
      // Confirmed by the trigger: no code to send, nothing to confirm with a Session.
      if (applyPreSignUp(user, preSignUp)) return { UserConfirmed: true, UserSub: user.sub };
      const destination = codeDestination(user, 'SIGN_UP');
      const delivery = destination
        ? sendAccountCode(state, user, 'SIGN_UP', destination, now)
        : null;
      // Unconfirmed how long AWS keeps SignUp's Session; here as long as the code.
      const session = openSignUpSession(state, username, 'signUp', 24 * 3600, now);
      return {
        UserConfirmed: false,
        UserSub: user.sub,
        Session: session,
        ...(delivery ? { CodeDeliveryDetails: delivery } : {}),
      };
    });
  },

  async ConfirmSignUp(context, input) {
    requireClientOf(context, input);
    const name = requireUsernameShape(requireString(input, 'Username'));
    const code = requireCode(input, 'ConfirmationCode', 'confirmationCode');
    const now = context.now();
    return context.store.transact((state) => {
      const user = accountUser(state, name, context);
      if (!user) throw new CognitoApiError('ExpiredCodeException', EXPIRED_CODE);
      const { username } = user;
      if (user.status !== 'UNCONFIRMED') {
        throw new CognitoApiError(
          'NotAuthorizedException',
          `User cannot be confirmed. Current status is ${user.status}`,
        );
      }
      useAccountCode(state, username, 'SIGN_UP', code, now);
      user.status = 'CONFIRMED';
      const destination = codeDestination(user, 'SIGN_UP');
      if (destination) {
        user.attributes[`${destination.AttributeName}_verified`] = 'true';
        const force = input.ForceAliasCreation === true;
        claimAlias(state, user, destination.AttributeName, context.config.signInNames, force);
      }
      // A Session comes back for USER_AUTH, also without SignUp's: aws-amplify v6 sends none and
      // signs in with the one it gets (its autoSignIn). SignUp's, when given, is spent.
      takeSignUpSession(state, input.Session, username, 'signUp', now);
      const lifetime = CONFIRMED_SESSION_LIFETIME_SECONDS;
      return { Session: openSignUpSession(state, username, 'confirmed', lifetime, now) };
    });
  },

  async ResendConfirmationCode(context, input) {
    requireClientOf(context, input);
    const name = requireUsernameShape(requireString(input, 'Username'));
    const now = context.now();
    const delivery = await context.store.transact((state) => {
      const user = accountUser(state, name, context);
      if (!user) return null;
      if (user.status !== 'UNCONFIRMED') {
        throw new CognitoApiError('InvalidParameterException', 'User is already confirmed.');
      }
      const destination = codeDestination(user, 'SIGN_UP');
      if (!destination) {
        throw new CognitoApiError('InvalidParameterException', 'Auto verification not turned on.');
      }
      return sendAccountCode(state, user, 'SIGN_UP', destination, now);
    });
    return { CodeDeliveryDetails: delivery ?? (await simulatedDelivery(context, name)) };
  },

  async ForgotPassword(context, input) {
    requireClientOf(context, input);
    const name = requireUsernameShape(requireString(input, 'Username'));
    const now = context.now();
    const delivery = await context.store.transact((state) => {
      const user = accountUser(state, name, context);
      if (!user) return null;
      // A disabled user (reached here only on a LEGACY app client) is answered as nobody: AWS
      // words it generically so that the call tells no one the user exists (docs/cognito-wire.md,
      // `ForgotPassword`).
      if (user.isDisabled) {
        throw new CognitoApiError('UserNotFoundException', USER_NOT_FOUND);
      }
      // A temporary password is changed by signing in with it (NEW_PASSWORD_REQUIRED), not reset.
      if (user.status === 'FORCE_CHANGE_PASSWORD') {
        throw new CognitoApiError('NotAuthorizedException', RESET_REFUSED);
      }
      const destination = codeDestination(user, 'FORGOT_PASSWORD');
      // Nowhere to send it: hidden as an unknown user is, where the app client hides those.
      if (!destination && hidesUserExistence(context)) return null;
      if (!destination) {
        throw new CognitoApiError(
          'InvalidParameterException',
          'Cannot reset password for the user as there is no registered/verified email or phone_number',
        );
      }
      return sendAccountCode(state, user, 'FORGOT_PASSWORD', destination, now);
    });
    return { CodeDeliveryDetails: delivery ?? (await simulatedDelivery(context, name)) };
  },

  async ConfirmForgotPassword(context, input) {
    requireClientOf(context, input);
    const name = requireUsernameShape(requireString(input, 'Username'));
    const code = requireCode(input, 'ConfirmationCode', 'confirmationCode');
    const password = requireString(input, 'Password');
    requirePasswordShape(password, 'password');
    const now = context.now();
    await context.store.transact((state) => {
      const user = accountUser(state, name, context);
      if (!user) throw new CognitoApiError('CodeMismatchException', CODE_MISMATCH);
      useAccountCode(state, user.username, 'FORGOT_PASSWORD', code, now);
      // After the code: a wrong code must not reveal the policy (and keeps the code pending).
      requirePolicy(password, context.config.passwordPolicy);
      setUserPassword(user, password, context.config.passwordPolicy);
      if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
    });
    return {};
  },

  async ChangePassword(context, input) {
    const proposed = requireString(input, 'ProposedPassword');
    requirePasswordShape(proposed, 'proposedPassword');
    const username = await authorizeAccessToken(context, input.AccessToken);
    const previous = requireString(input, 'PreviousPassword');
    await context.store.transact((state) => {
      const user = state.users[username];
      if (!user) {
        throw new CognitoApiError('UserNotFoundException', USER_NOT_FOUND);
      }
      changeUserPassword(user, previous, proposed, context.config.passwordPolicy);
    });
    return {};
  },
};
