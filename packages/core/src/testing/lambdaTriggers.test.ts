/**
 * What the kit's Lambda triggers share (lambdaTriggers.ts): a trigger's own error becomes
 * Cognito's `UserLambdaValidationException`, the pool's refusals inside a trigger's call pass
 * through as they are, and a trigger is told only the string values of `ClientMetadata`.
 */
import { describe, expect, it } from 'vitest';
import { CognitoApiError } from './cognitoResponses.js';
import { clientMetadataOf, runTrigger } from './lambdaTriggers.js';

describe('runTrigger', () => {
  it("answers a trigger's error as Cognito does, whatever was thrown", async () => {
    for (const [thrown, words] of [
      [new Error('Not on the guest list'), 'Not on the guest list'],
      ['a plain string', 'a plain string'],
    ] as const) {
      const refusal = await runTrigger('PreSignUp', () => {
        throw thrown;
      }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CognitoApiError);
      expect(refusal).toMatchObject({
        type: 'UserLambdaValidationException',
        message: `PreSignUp failed with error ${words}.`,
      });
    }
  });

  it("lets the pool's own refusal through unchanged, and a trigger's answer, sync or async", async () => {
    const own = new CognitoApiError('NotAuthorizedException', 'Incorrect username or password.');
    await expect(
      runTrigger('DefineAuthChallenge', () => {
        throw own;
      }),
    ).rejects.toBe(own);
    expect(await runTrigger('PreSignUp', () => 1)).toBe(1);
    expect(await runTrigger('PreSignUp', async () => 2)).toBe(2);
  });
});

describe('clientMetadataOf', () => {
  it('keeps string values only, and takes anything but an object as none', () => {
    expect(clientMetadataOf({ plan: 'pro', seats: 3, nested: { a: 'b' }, empty: '' })).toEqual({
      plan: 'pro',
      empty: '',
    });
    for (const value of [undefined, null, 'plan=pro', ['pro']]) {
      expect(clientMetadataOf(value)).toEqual({});
    }
  });
});
