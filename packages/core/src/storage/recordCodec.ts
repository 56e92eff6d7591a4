import { isFiniteNumber, type KnownClaims, type TokenSnapshot } from '../claims.js';
import { SessionError } from '../errors.js';
import type { TokenSet } from '../types.js';

/**
 * Version of the stored record's shape. Bump it when the shape changes, and teach
 * {@link decodeRecord} to read the version before (a reload must not sign anyone out). A record of
 * a newer version is never deleted: it belongs to a newer release (a deploy under way).
 *
 * - 1 (v0.1): tokens, session id, receipt time and skew; claims optional (added later in 1).
 * - 2: the claims are required, so a page load decodes no token.
 */
export const STORAGE_SCHEMA_VERSION = 2;

/** What one storage record holds (schema version 2). */
export interface SessionRecord {
  version: typeof STORAGE_SCHEMA_VERSION;
  /** Identifies one sign-in across its refreshes, so tabs tell a refresh from a new sign-in. */
  sessionId: string;
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Local clock (ms) when the tokens arrived. */
  receivedAt: number;
  /** Skew measured then, reused so a reload does not re-measure against an old `iat`. */
  clockSkewMs: number;
  /**
   * The tokens' claims, decoded when they arrived, so a page load decodes nothing. A version-1
   * record (which may lack them) is migrated on read: its claims are decoded from its tokens, and
   * it is written as version 2 at its next write (the next refresh). No in-place rewrite on read:
   * without the cross-tab lock it could overwrite another tab's newer tokens.
   */
  idClaims: object;
  accessClaims: object;
}

/** What `persist` lets reach storage. */
export type PersistMode = 'all' | 'no-refresh-token' | 'none';

/** The record to write for a snapshot, or null when nothing may be stored. Pure. */
export function encodeRecord(
  snapshot: TokenSnapshot,
  sessionId: string,
  persist: PersistMode,
): SessionRecord | null {
  if (persist === 'none') return null;
  const record: SessionRecord = {
    version: STORAGE_SCHEMA_VERSION,
    sessionId,
    idToken: snapshot.tokens.idToken,
    accessToken: snapshot.tokens.accessToken,
    receivedAt: snapshot.receivedAt,
    clockSkewMs: snapshot.clockSkewMs,
    idClaims: snapshot.user,
    accessClaims: snapshot.accessClaims,
  };
  if (persist === 'all' && snapshot.tokens.refreshToken) {
    record.refreshToken = snapshot.tokens.refreshToken;
  }
  return record;
}

/** A stored value's version for a message; never calls the value's own `toString`. */
function describeVersion(version: unknown): string {
  return typeof version === 'number' || typeof version === 'string'
    ? JSON.stringify(version)
    : typeof version;
}

/** A record written by a newer release: left as it is. */
export interface NewerRecord {
  newerVersion: number;
}

/** A stored record, read back. */
export interface DecodedRecord {
  tokens: TokenSet;
  sessionId: string;
  receivedAt: number;
  clockSkewMs: number;
  /** The claims stored with the tokens; absent in a version-1 record written without them. */
  claims: KnownClaims | undefined;
  /** The version read, when it was an older one (migrated on read). */
  migratedFrom?: number;
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a stored value back: a version-2 record, or a version-1 record migrated. `undefined` means
 * no session; a record of a newer version comes back as {@link NewerRecord} (the caller must
 * leave it alone); anything else throws a `storage` SessionError (the caller deletes it and
 * reports). Pure.
 */
export function decodeRecord(value: unknown): DecodedRecord | NewerRecord | undefined {
  if (value === undefined || value === null) return undefined;
  const refuse = (problem: string): never => {
    throw new SessionError('storage', `The stored session ${problem}.`);
  };
  if (typeof value !== 'object' || Array.isArray(value)) refuse('is not an object');
  const record = value as Partial<Record<keyof SessionRecord, unknown>>;
  const version = record.version;
  if (Number.isInteger(version) && (version as number) > STORAGE_SCHEMA_VERSION) {
    return { newerVersion: version as number };
  }
  if (version !== STORAGE_SCHEMA_VERSION && version !== 1) {
    refuse(
      `has schema version ${describeVersion(version)}; this sessionkit reads versions 1 to ${STORAGE_SCHEMA_VERSION}`,
    );
  }
  const { sessionId, idToken, accessToken, refreshToken, receivedAt, clockSkewMs } = record;
  const { idClaims, accessClaims } = record;
  if (typeof sessionId !== 'string' || sessionId.length === 0) refuse('has no session id');
  if (typeof idToken !== 'string' || typeof accessToken !== 'string') {
    refuse('lacks its ID or access token');
  }
  if (refreshToken !== undefined && typeof refreshToken !== 'string') {
    refuse('has a refresh token that is not a string');
  }
  if (!isFiniteNumber(receivedAt) || !isFiniteNumber(clockSkewMs)) {
    refuse('lacks its receipt time or clock skew');
  }
  const hasClaims = isObject(idClaims) && isObject(accessClaims);
  if (version === STORAGE_SCHEMA_VERSION && !hasClaims) refuse('lacks the claims of its tokens');
  const tokens: TokenSet = { idToken: idToken as string, accessToken: accessToken as string };
  if (refreshToken) tokens.refreshToken = refreshToken as string;
  return {
    tokens,
    sessionId: sessionId as string,
    receivedAt: receivedAt as number,
    clockSkewMs: clockSkewMs as number,
    // Version 1 migrates by decoding its claims from its tokens (snapshotTokens does, given none).
    claims: hasClaims && version !== 1 ? { user: idClaims, accessClaims } : undefined,
    ...(version === 1 ? { migratedFrom: 1 } : {}),
  };
}
