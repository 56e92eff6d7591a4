/**
 * Equal when both are `Object.is`-equal, or plain objects/arrays with the same keys whose values
 * are `Object.is`-equal. Pass it to `useSession` when the selector builds a new object or array.
 *
 * @example
 * ```tsx
 * import { shallowEqual, useSession } from '@sessionkit/react';
 *
 * const { email, groups } = useSession(
 *   (state) => ({
 *     email: state.status === 'signedIn' ? state.user.email : undefined,
 *     groups: state.status === 'signedIn' ? state.user['cognito:groups'] : undefined,
 *   }),
 *   shallowEqual,
 * );
 * ```
 */
export function shallowEqual<Value>(a: Value, b: Value): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysOfA = Object.keys(a);
  if (keysOfA.length !== Object.keys(b).length) return false;
  return keysOfA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
