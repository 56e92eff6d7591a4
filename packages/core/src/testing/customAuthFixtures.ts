/**
 * Triggers the custom-authentication tests share (not exported from the package): AWS's example of
 * a define trigger that asks for the password first (`SRP_A`, then `PASSWORD_VERIFIER`), then one
 * question, recording what define was told.
 */
import type { FakeCustomAuthTriggers, FakeCustomChallengeResult } from './customAuthTypes.js';

/**
 * With `SRP_A`, the password, then "6 × 7?" (answer 42); without, the question at once. A wrong
 * password or answer fails the sign-in.
 */
export function passwordThenQuestion() {
  const sessions: FakeCustomChallengeResult[][] = [];
  const clientMetadata: Array<Record<string, string>> = [];
  const triggers: FakeCustomAuthTriggers = {
    defineAuthChallenge(request) {
      sessions.push(request.session);
      clientMetadata.push(request.clientMetadata);
      const last = request.session.at(-1);
      if (request.session.length === 1 && last?.challengeName === 'SRP_A') {
        return {
          challengeName: 'PASSWORD_VERIFIER',
          issueTokens: false,
          failAuthentication: false,
        };
      }
      if (last?.challengeName === 'PASSWORD_VERIFIER' && last.challengeResult) {
        return { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
      }
      if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
        return { issueTokens: true, failAuthentication: false };
      }
      if (request.session.length === 0) {
        return { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
      }
      return { issueTokens: false, failAuthentication: true };
    },
    createAuthChallenge: () => ({
      publicChallengeParameters: { question: '6 × 7?' },
      privateChallengeParameters: { answer: '42' },
    }),
    verifyAuthChallengeResponse: ({ privateChallengeParameters, challengeAnswer }) => ({
      answerCorrect: challengeAnswer === privateChallengeParameters.answer,
    }),
  };
  return { triggers, sessions, clientMetadata };
}
