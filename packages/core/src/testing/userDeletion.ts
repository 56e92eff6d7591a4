/**
 * What a deleted user leaves behind: nothing (`DeleteUser`; profileState.ts's `deleteUser`).
 * Cognito ties refresh tokens, devices, passkeys, codes and sign-ins in progress to the user, not
 * to its name, so a user created again under the same name starts with none of them, and the
 * tokens of the one deleted stay refused (tokenIssuer.ts checks an access token's `sub` too).
 */
import type { PoolState } from './poolState.js';

/** Every table whose records name their user. */
function tablesOfRecords(state: PoolState): Array<Record<string, { username: string }>> {
  return [
    state.refreshTokens,
    state.challenges,
    state.codes,
    state.devices ?? {},
    state.deviceChallenges ?? {},
    state.customAuth ?? {},
    state.userAuth ?? {},
    state.account?.sessions ?? {},
    state.webAuthn?.credentials ?? {},
  ];
}

/**
 * Removes what `username` holds beyond the user record and its profile codes: tokens, devices,
 * passkeys and their registration, sign-up and reset codes, sign-ins in progress, a run of wrong
 * passwords, the hosted UI's session. The log of codes sent (`pool.sentCodes()`) stays.
 */
export function forgetUserRecords(state: PoolState, username: string): void {
  for (const table of tablesOfRecords(state)) {
    for (const [key, record] of Object.entries(table)) {
      if (record.username === username) delete table[key];
    }
  }
  delete state.webAuthn?.registrations[username];
  delete state.passwordAttempts?.[username];
  // Keyed `<purpose>:<username>`; a username may hold a `:` itself.
  const codes = state.account?.codes ?? {};
  for (const key of Object.keys(codes)) {
    if (key.slice(key.indexOf(':') + 1) === username) delete codes[key];
  }
  if (state.hostedUiUsername === username) state.hostedUiUsername = null;
}
