import { expect, it } from 'vitest';
import { shallowEqual } from '../shallowEqual.js';

it('treats objects and arrays with Object.is-equal entries as equal', () => {
  const groups = ['admins'];
  expect(shallowEqual({ email: 'a@example.com', groups }, { email: 'a@example.com', groups })).toBe(
    true,
  );
  expect(shallowEqual(['a', 1, null], ['a', 1, null])).toBe(true);
  expect(shallowEqual(Number.NaN, Number.NaN)).toBe(true);
  expect(shallowEqual(null, null)).toBe(true);
});

it('tells apart values that differ in a key, a length, a nested reference or a kind', () => {
  expect(shallowEqual({ email: 'a' }, { email: 'b' })).toBe(false);
  expect(shallowEqual({ email: 'a' }, { email: 'a', name: undefined })).toBe(false);
  expect(shallowEqual({ a: undefined }, { b: undefined })).toBe(false);
  expect(shallowEqual({ groups: ['admins'] }, { groups: ['admins'] })).toBe(false);
  expect(shallowEqual(['a'], { 0: 'a' })).toBe(false);
  expect(shallowEqual<unknown>({}, null)).toBe(false);
  expect(shallowEqual<unknown>('1', 1)).toBe(false);
  expect(shallowEqual({ email: 'a', name: 'A' }, { email: 'a', name: 'B' })).toBe(false);
  expect(shallowEqual<unknown>(null, {})).toBe(false);
  // A string has own index keys too: it is still not an object with those entries.
  expect(shallowEqual<unknown>('a', { 0: 'a' })).toBe(false);
  expect(shallowEqual<unknown>({ 0: 'a' }, 'a')).toBe(false);
});
