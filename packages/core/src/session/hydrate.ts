import type { StoredRead } from '../storage/recordStore.js';
import type { Generation } from './generations.js';
import type { RestoredSession } from './refreshAttempt.js';
import type { StateHub } from './stateHub.js';
import type { TokenHolder } from './tokenHolder.js';

/**
 * Takes the stored session read at start (its claims come decoded with it): adopts it, or ends
 * in `signedOut` (with an event and the record removed when it was unusable or expired with
 * nothing to refresh it). Never throws because of what is stored. Whatever changed the tokens
 * since the read began (setTokens, signOut, another tab's news) wins.
 */
export async function hydrate(
  read: Promise<StoredRead>,
  generation: Generation,
  holder: TokenHolder,
  hub: StateHub,
  now: () => number,
): Promise<void> {
  const stored = await read;
  if (generation.ended || holder.disposed) return;
  if (stored.status === 'absent') return hub.commit({ type: 'signedOut', reason: null });
  if (stored.status === 'invalid') {
    return holder.end('invalid', {
      events: [['error', { error: stored.error }]],
      announce: true,
      clear: true,
    });
  }
  if (!isUsable(stored, now)) return holder.end('expired', { announce: true, clear: true });
  holder.adoptStored(stored);
}

/** A stored session is of use while its tokens last or a refresh token can renew them. */
const isUsable = ({ snapshot }: RestoredSession, now: () => number) =>
  snapshot.expiresAt > now() || !!snapshot.tokens.refreshToken;

/**
 * The stored session the storage answered the first read with after its deadline, when the page
 * had already gone on signed out in memory: adopted if nothing signed in or out since (the first
 * generation still runs) and it is of use. Anything else is left for the next page load.
 */
export function adoptLate(
  stored: StoredRead,
  generation: Generation,
  holder: TokenHolder,
  now: () => number,
): void {
  // A dispose ends the generation too.
  if (generation.ended || stored.status !== 'present') return;
  if (isUsable(stored, now)) holder.adoptStored(stored);
}
