/**
 * The challenge `Session`s of custom sign-ins (customAuth.ts, customAuthSrp.ts): each step opens
 * one, 3 minutes long, and an answer takes it, so it works once, answered right or wrong.
 */
import { randomBase64url } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { CustomAuthRecord, FakeCustomChallengeResult } from './customAuthTypes.js';
import type { PoolContext } from './poolContext.js';
import { CHALLENGE_SESSION_LIFETIME_SECONDS, INVALID_SESSION } from './signIn.js';
import { spendSession, unknownSession } from './spentSessions.js';

/** What a step keeps for its answer beyond the user, the history and the device. */
type StepData = Pick<
  CustomAuthRecord,
  'privateParameters' | 'challengeMetadata' | 'passwordVerifier' | 'userNotFound'
>;

/** Opens a step's `Session` for `userName`, after the answered `history`. */
export async function openCustomSession(
  context: PoolContext,
  userName: string,
  history: FakeCustomChallengeResult[],
  deviceKey: string | undefined,
  data: StepData,
): Promise<string> {
  const session = randomBase64url(192);
  const record: CustomAuthRecord = {
    username: userName,
    clientId: context.config.clientId,
    expiresAt: context.now() + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
    history,
    ...data,
    ...(deviceKey === undefined ? {} : { deviceKey }),
  };
  await context.store.transact((state) => {
    state.customAuth = { ...state.customAuth, [session]: record };
  });
  return session;
}

/**
 * Takes a step's `Session` (it works once); refuses an unknown, expired or other client's one.
 * `ifCustom`: a `Session` that is no custom sign-in's is not refused but `undefined`.
 */
export async function takeCustomSession(
  context: PoolContext,
  session: unknown,
): Promise<CustomAuthRecord>;
export async function takeCustomSession(
  context: PoolContext,
  session: unknown,
  ifCustom: true,
): Promise<CustomAuthRecord | undefined>;
export async function takeCustomSession(
  context: PoolContext,
  session: unknown,
  ifCustom = false,
): Promise<CustomAuthRecord | undefined> {
  const now = context.now();
  const { record, refusal } = await context.store.transact((state) => {
    const found = typeof session === 'string' ? state.customAuth?.[session] : undefined;
    if (found) {
      delete state.customAuth?.[session as string];
      spendSession(state, session as string, found.expiresAt, now);
    }
    return { record: found, refusal: found ? null : unknownSession(state, session, now) };
  });
  if (!record && ifCustom) return undefined;
  if (!record) throw refusal;
  if (record.clientId !== context.config.clientId || record.expiresAt <= now) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  return record;
}
