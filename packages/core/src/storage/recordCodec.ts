import { isFiniteNumber, type KnownClaims, type TokenSnapshot } from '../claims.js';
import { SessionError } from '../errors.js';
import type { TokenSet } from '../types.js';

/** Version of the stored record's shape. Bump it when the shape changes. */
export const STORAGE_SCHEMA_VERSION = 1;

/** What one storage record holds (schema version 1). */
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
   * The tokens' claims, decoded when they arrived, so a page load decodes nothing. Optional in
   * version 1, so releases before and after them read each other's records: a record without
   * them (v0.1, or an older release's tab during a deploy) is decoded, and gains them at its
   * next write (the next refresh). No in-place upgrade: without the cross-tab lock it could
   * overwrite another tab's newer tokens.
   */
  idClaims?: object;
  accessClaims?: object;
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

/** A stored record, read back. */
export interface DecodedRecord {
  tokens: TokenSet;
  sessionId: string;
  receivedAt: number;
  clockSkewMs: number;
  /** The claims stored with the tokens; absent in a record written without them. */
  claims: KnownClaims | undefined;
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a stored value back. `undefined` means no session; anything else that is not a version-1
 * record throws a `storage` SessionError (the caller deletes it and reports). Pure.
 */
export function decodeRecord(value: unknown): DecodedRecord | undefined {
  if (value === undefined || value === null) return undefined;
  const refuse = (problem: string): never => {
    throw new SessionError('storage', `The stored session ${problem}.`);
  };
  if (typeof value !== 'object' || Array.isArray(value)) refuse('is not an object');
  const record = value as Partial<Record<keyof SessionRecord, unknown>>;
  if (record.version !== STORAGE_SCHEMA_VERSION) {
    refuse(
      `has schema version ${describeVersion(record.version)}; this sessionkit reads version ${STORAGE_SCHEMA_VERSION}`,
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
  const tokens: TokenSet = { idToken: idToken as string, accessToken: accessToken as string };
  if (refreshToken) tokens.refreshToken = refreshToken as string;
  return {
    tokens,
    sessionId: sessionId as string,
    receivedAt: receivedAt as number,
    clockSkewMs: clockSkewMs as number,
    claims:
      isObject(idClaims) && isObject(accessClaims) ? { user: idClaims, accessClaims } : undefined,
  };
}
