/**
 * sessionkit's device SRP values (providers/cognito/deviceSrp.ts) against AWS's own client,
 * amazon-cognito-identity-js (a dev dependency nobody here wrote): its AuthenticationHelper driven
 * directly in Node. `generateHashDevice` draws its password and salt at random, so the verifier is
 * compared by feeding ours the password and salt it drew.
 */
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  computeDeviceClaim,
  computeDeviceVerifierConfig,
  createDevicePassword,
  createDeviceSecret,
} from '../providers/cognito/deviceSrp.js';
import { computeLargeA } from '../providers/cognito/srp.js';
import { base64ToBytes, hexToBigInt, SRP_N } from '../providers/cognito/srpMath.js';
import { computeVerifier } from '../providers/cognito/srpServer.js';

interface ReferenceBigInteger {
  toString(radix: number): string;
}
type Callback<T> = (error: unknown, value: T) => void;
interface ReferenceHelper {
  smallAValue: ReferenceBigInteger;
  largeAValue: ReferenceBigInteger | undefined;
  generateHashDevice(deviceGroupKey: string, deviceKey: string, callback: Callback<null>): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getLargeAValue(callback: Callback<ReferenceBigInteger>): void;
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    B: ReferenceBigInteger,
    salt: ReferenceBigInteger,
    callback: Callback<Uint8Array>,
  ): void;
}

const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => ReferenceHelper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (hex: string, radix: number) => ReferenceBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;

/** Deterministic bytes from a seed (SHA-256 in counter mode), as hex. */
function fixedHex(seed: string, bytes: number): string {
  let hex = '';
  for (let counter = 0; hex.length < bytes * 2; counter++) {
    hex += createHash('sha256').update(`${seed}/${counter}`).digest('hex');
  }
  return hex.slice(0, bytes * 2);
}

const DEVICE = {
  deviceKey: 'eu-west-1_4f0b6f6e-3a40-4d0c-9b3e-2a6c1f0d9e11',
  deviceGroupKey: '-kQ7xZb3Lp',
};

/** What AWS's client registers with ConfirmDevice, as its CognitoUser sends it (base64). */
function referenceVerifierConfig(deviceGroupKey: string, deviceKey: string) {
  const helper = new AuthenticationHelper('TestPool1');
  let done = false;
  helper.generateHashDevice(deviceGroupKey, deviceKey, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('generateHashDevice did not call back synchronously');
  return {
    devicePassword: helper.getRandomPassword(),
    saltHex: helper.getSaltDevices(),
    config: {
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
    },
  };
}

describe('device verifier (ConfirmDevice) against amazon-cognito-identity-js', () => {
  it("equals generateHashDevice's for the password and salt it drew, several draws", async () => {
    for (let draw = 0; draw < 8; draw++) {
      const reference = referenceVerifierConfig(DEVICE.deviceGroupKey, DEVICE.deviceKey);
      const ours = await computeDeviceVerifierConfig({
        ...DEVICE,
        devicePassword: reference.devicePassword,
        salt: hexToBigInt(reference.saltHex),
      });
      expect(ours).toEqual(reference.config);
    }
  });

  it('is deterministic on fixed inputs (pinned)', async () => {
    const input = {
      ...DEVICE,
      devicePassword: Buffer.from(fixedHex('device password', 40), 'hex').toString('base64'),
      salt: hexToBigInt(`f3${fixedHex('device salt', 15)}`),
    };
    const config = await computeDeviceVerifierConfig(input);
    expect(await computeDeviceVerifierConfig(input)).toEqual(config);
    // A salt whose top bit is set is sent with a leading zero byte, as padHex writes it.
    expect([...base64ToBytes(config.Salt)].slice(0, 2)).toEqual([0x00, 0xf3]);
    // The verifier is the kit's g^x for the same names (server side, srpServer.ts).
    const v = await computeVerifier(
      input.salt,
      input.deviceGroupKey,
      input.deviceKey,
      input.devicePassword,
    );
    expect(BigInt(`0x${Buffer.from(config.PasswordVerifier, 'base64').toString('hex')}`)).toBe(v);
    expect(createHash('sha256').update(config.PasswordVerifier).digest('hex').slice(0, 16)).toBe(
      'ebe1cd4e9bd34691',
    );
  });

  it('draws a 40-byte password and a fresh salt per device', async () => {
    const password = createDevicePassword();
    expect(base64ToBytes(password)).toHaveLength(40);
    expect(createDevicePassword()).not.toBe(password);
    const [one, two] = await Promise.all([createDeviceSecret(DEVICE), createDeviceSecret(DEVICE)]);
    expect(one?.verifierConfig.Salt).not.toBe(two?.verifierConfig.Salt);
    expect(one?.devicePassword).not.toBe(two?.devicePassword);
    // The secret's verifier is the one its password and salt give.
    expect(
      await computeDeviceVerifierConfig({
        ...DEVICE,
        devicePassword: one?.devicePassword ?? '',
        salt: hexToBigInt(Buffer.from(one?.verifierConfig.Salt ?? '', 'base64').toString('hex')),
      }),
    ).toEqual(one?.verifierConfig);
  });
});

describe('DEVICE_PASSWORD_VERIFIER signature against amazon-cognito-identity-js', () => {
  it('equals what CognitoUser.getDeviceResponse signs, on fixed inputs', async () => {
    const a = fixedHex('device a', 128);
    const B = (hexToBigInt(fixedHex('device B', 384)) % SRP_N).toString(16);
    const salt = `00${fixedHex('device salt 2', 15)}`;
    const devicePassword = Buffer.from(fixedHex('pw', 40), 'hex').toString('base64');
    const secretBlock = Buffer.from(fixedHex('block', 96), 'hex').toString('base64');
    const timestamp = 'Tue Sep 5 08:03:09 UTC 2023';

    // AWS's client: the helper is made with the device group key as "pool name", the key is
    // derived for the device key and password, and the message starts with group ‖ key.
    const helper = new AuthenticationHelper(DEVICE.deviceGroupKey);
    helper.smallAValue = new BigInteger(a, 16);
    helper.largeAValue = undefined;
    helper.getLargeAValue(() => undefined);
    let key: Uint8Array | undefined;
    helper.getPasswordAuthenticationKey(
      DEVICE.deviceKey,
      devicePassword,
      new BigInteger(B, 16),
      new BigInteger(salt, 16),
      (_, hkdf) => {
        key = hkdf;
      },
    );
    if (!key) throw new Error('the reference did not derive a key');
    const message = Buffer.concat([
      Buffer.from(DEVICE.deviceGroupKey, 'utf8'),
      Buffer.from(DEVICE.deviceKey, 'utf8'),
      Buffer.from(secretBlock, 'base64'),
      Buffer.from(timestamp, 'utf8'),
    ]);
    const expected = createHmac('sha256', key).update(message).digest('base64');

    const ours = await computeDeviceClaim({
      ...DEVICE,
      devicePassword,
      a: hexToBigInt(a),
      A: computeLargeA(hexToBigInt(a)),
      B: hexToBigInt(B),
      salt: hexToBigInt(salt),
      secretBlock,
      timestamp,
    });
    expect(ours).toBe(expected);
  });
});
