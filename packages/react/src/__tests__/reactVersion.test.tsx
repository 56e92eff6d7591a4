import { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { expect, inject, it } from 'vitest';

it('runs this project against the React major it names, for react and react-dom alike', () => {
  expect(reactVersion.split('.')[0]).toBe(inject('reactMajor'));
  expect(reactDomVersion.split('.')[0]).toBe(inject('reactMajor'));
});
