/**
 * The refusals only the sign-up and password flows meet (`SignUp`, `ConfirmSignUp`,
 * `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`, `ChangePassword`), in our
 * own words; the rest as accountErrors.ts maps every account call's. Kept apart so the profile
 * and passkey flows do not carry them (docs/cognito-wire.md section 8).
 */
import type { SessionError } from '../../errors.js';
import type { ProviderResponse } from '../http.js';
import { accountApiError, type Known } from './accountErrors.js';

function accountFlowRefusal(name: string | undefined, message: string): Known | undefined {
  if (name === 'NotAuthorizedException' && /sign ?up is not permitted/i.test(message)) {
    return {
      code: 'provider',
      hint: 'The user pool does not let users sign themselves up: only administrators create users.',
    };
  }
  if (name !== 'InvalidParameterException') return undefined;
  // The API's own constraints, whose words never quote the value.
  if (/at '(?:password|proposedPassword)' failed/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The password cannot begin or end with a space, nor be over 256 characters.',
    };
  }
  if (/at 'username' failed/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The username cannot contain spaces, nor be over 128 characters.',
    };
  }
  if (/username should be/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'This user pool signs users in with an email address or phone number: use one as the username.',
    };
  }
  if (/username cannot be of/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The username cannot be an email address or phone number here: the user pool takes those as aliases.',
    };
  }
  return undefined;
}

/** Maps a failed sign-up or password call (see the module's comment). */
export const accountFlowError = (response: ProviderResponse, now: number): SessionError =>
  accountApiError(response, now, accountFlowRefusal);
