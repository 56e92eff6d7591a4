/** The `userAuthFactors` option of the fake pool (the sign-in policy of choice-based sign-in). */
import { describe, expect, it } from 'vitest';
import { createFakeUserPool } from './createFakeUserPool.js';

const CONFIG = { region: 'eu-west-1', userPoolId: 'eu-west-1_UserAuth1', clientId: 'client' };

describe('userAuthFactors', () => {
  it("defaults to AWS's sign-in policy, PASSWORD alone, and takes 1 to 4 factors", () => {
    expect(() => createFakeUserPool(CONFIG)).not.toThrow();
    expect(() =>
      createFakeUserPool({
        ...CONFIG,
        userAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
      }),
    ).not.toThrow();
  });

  it('refuses an empty policy or a factor Cognito does not know', () => {
    expect(() => createFakeUserPool({ ...CONFIG, userAuthFactors: [] })).toThrow(RangeError);
    expect(() =>
      createFakeUserPool({ ...CONFIG, userAuthFactors: ['SOFTWARE_TOKEN' as 'PASSWORD'] }),
    ).toThrow(/userAuthFactors must list some of PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN/);
  });
});
