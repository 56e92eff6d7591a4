/**
 * The JSON API's profile operations, each authorised by the user's access token as `GetUser` is
 * (tokenIssuer.ts): `UpdateUserAttributes`, `DeleteUserAttributes`,
 * `GetUserAttributeVerificationCode`, `VerifyUserAttribute`, `DeleteUser` (AWS's API reference; docs/cognito-wire.md section 10).
 * Registered in cognitoApiOperations.ts; the rules are profileState.ts's. Tokens minted after a
 * change (the next refresh) carry the new attributes: the pool signs them from the stored user.
 */

import {
  requireAttributeFormats,
  requireKeptRequired,
  requireWriteAccess,
} from './attributeRules.js';
import { type JsonObject, requireCode, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import {
  deleteAttributes,
  deleteUser,
  isVerifiedAttribute,
  sendAttributeCode,
  updateAttributes,
  verifyAttribute,
} from './profileState.js';
import { authorizeAccessToken } from './tokenIssuer.js';
import { claimAlias, requireFreePreferredUsername } from './usernames.js';

function userOf(state: PoolState, username: string): FakeUser {
  const user = state.users[username];
  if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
  return user;
}

/** `UserAttributes` (`[{Name, Value}]`, required) as a record; refused when not string pairs. */
function readAttributes(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Missing required parameter UserAttributes',
    );
  }
  const attributes: Record<string, string> = {};
  for (const entry of value) {
    const { Name, Value } = (entry ?? {}) as JsonObject;
    if (typeof Name !== 'string' || Name === '' || typeof Value !== 'string') {
      throw new CognitoApiError('InvalidParameterException', 'Invalid UserAttributes');
    }
    attributes[Name] = Value;
  }
  return attributes;
}

/** `UserAttributeNames` (1 to 32 names, required); refused when not a list of names. */
function readAttributeNames(value: unknown): string[] {
  if (value === undefined || value === null) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Missing required parameter UserAttributeNames',
    );
  }
  const valid =
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= 32 &&
    value.every((name) => typeof name === 'string' && name !== '');
  if (!valid) throw new CognitoApiError('InvalidParameterException', 'Invalid UserAttributeNames');
  return value as string[];
}

export const PROFILE_OPERATIONS: Record<
  string,
  (context: PoolContext, input: JsonObject) => Promise<unknown>
> = {
  async UpdateUserAttributes(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const attributes = readAttributes(input.UserAttributes);
    requireWriteAccess(context.config.writeAttributes, Object.keys(attributes));
    const emptied = Object.keys(attributes).filter((name) => attributes[name] === '');
    requireKeptRequired(context.config.requiredAttributes, emptied);
    requireAttributeFormats(attributes);
    const now = context.now();
    return context.store.transact((state) => {
      const user = userOf(state, username);
      const { keepUntilVerified } = context.config;
      const { signInNames } = context.config;
      requireFreePreferredUsername(
        state,
        attributes.preferred_username,
        signInNames,
        user,
        'update',
      );
      const deliveries = updateAttributes(state, user, attributes, now, keepUntilVerified);
      return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {};
    });
  },

  async DeleteUserAttributes(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const names = readAttributeNames(input.UserAttributeNames);
    requireWriteAccess(context.config.writeAttributes, names);
    requireKeptRequired(context.config.requiredAttributes, names);
    await context.store.transact((state) =>
      deleteAttributes(state, userOf(state, username), names),
    );
    return {};
  },

  async GetUserAttributeVerificationCode(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const attribute = requireString(input, 'AttributeName');
    const now = context.now();
    return context.store.transact((state) => {
      if (!isVerifiedAttribute(attribute)) {
        throw new CognitoApiError(
          'InvalidParameterException',
          `user.${attribute}: Attribute cannot be verified.`,
        );
      }
      return {
        CodeDeliveryDetails: sendAttributeCode(state, userOf(state, username), attribute, now),
      };
    });
  },

  async VerifyUserAttribute(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const attribute = requireString(input, 'AttributeName');
    const code = requireCode(input, 'Code', 'code');
    const now = context.now();
    await context.store.transact((state) => {
      const user = userOf(state, username);
      verifyAttribute(state, user, attribute, code, now);
      // verifyAttribute refused any other attribute.
      const verified = attribute as 'email' | 'phone_number';
      claimAlias(state, user, verified, context.config.signInNames, false);
    });
    return {};
  },

  async DeleteUser(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    await context.store.transact((state) => deleteUser(state, username));
    return {};
  },
};
