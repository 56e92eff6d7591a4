/**
 * The CBOR (RFC 8949) that WebAuthn attestation needs, decoded: unsigned and negative integers,
 * byte strings, text strings, arrays, maps, `false`, `true`, `null`, `undefined`. Definite
 * lengths only (authenticators encode CTAP2 canonical CBOR); tags, floats and indefinite lengths
 * are refused. Maps decode to `Map` (COSE keys are integers), byte strings to `Uint8Array`.
 */

/** What {@link decodeCborItem} decodes. */
export type CborValue =
  | number
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | Map<CborValue, CborValue>;

const MAX_DEPTH = 16;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A CBOR decoding failure (truncated, unsupported or malformed input). */
export class CborError extends Error {
  override readonly name = 'CborError';
}

/** Decodes the item at `offset`; returns it and the offset just past it. */
export function decodeCborItem(
  bytes: Uint8Array,
  offset = 0,
  depth = 0,
): { value: CborValue; end: number } {
  if (depth > MAX_DEPTH) throw new CborError('CBOR nested too deep');
  if (offset >= bytes.length) throw new CborError('CBOR truncated');
  const initial = bytes[offset]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  let position = offset + 1;
  let argument: number;
  if (info < 24) {
    argument = info;
  } else if (info <= 27) {
    const size = 1 << (info - 24);
    if (position + size > bytes.length) throw new CborError('CBOR truncated');
    argument = 0;
    for (let index = 0; index < size; index++) argument = argument * 256 + bytes[position + index]!;
    if (!Number.isSafeInteger(argument)) throw new CborError('CBOR integer too large');
    position += size;
  } else {
    throw new CborError('CBOR indefinite lengths are not supported');
  }
  const take = (length: number) => {
    if (position + length > bytes.length) throw new CborError('CBOR truncated');
    const slice = bytes.slice(position, position + length);
    position += length;
    return slice;
  };
  switch (major) {
    case 0:
      return { value: argument, end: position };
    case 1:
      return { value: -1 - argument, end: position };
    case 2:
      return { value: take(argument), end: position };
    case 3:
      try {
        return { value: decoder.decode(take(argument)), end: position };
      } catch (error) {
        if (error instanceof CborError) throw error;
        throw new CborError('CBOR text is not UTF-8');
      }
    case 4: {
      const items: CborValue[] = [];
      for (let index = 0; index < argument; index++) {
        const item = decodeCborItem(bytes, position, depth + 1);
        items.push(item.value);
        position = item.end;
      }
      return { value: items, end: position };
    }
    case 5: {
      const map = new Map<CborValue, CborValue>();
      for (let index = 0; index < argument; index++) {
        const key = decodeCborItem(bytes, position, depth + 1);
        const value = decodeCborItem(bytes, key.end, depth + 1);
        if (map.has(key.value)) throw new CborError('CBOR map has a duplicate key');
        map.set(key.value, value.value);
        position = value.end;
      }
      return { value: map, end: position };
    }
    case 7: {
      const simple: Record<number, CborValue> = { 20: false, 21: true, 22: null, 23: undefined };
      if (info in simple) return { value: simple[info], end: position };
      throw new CborError('CBOR floats and other simple values are not supported');
    }
    default:
      throw new CborError('CBOR tags are not supported');
  }
}

/** Decodes exactly one item filling `bytes`. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const { value, end } = decodeCborItem(bytes);
  if (end !== bytes.length) throw new CborError('CBOR has bytes after the item');
  return value;
}

/** Encodes the subset {@link decodeCbor} reads (tests build attestation objects with it). */
export function encodeCbor(value: CborValue): Uint8Array {
  const parts: number[] = [];
  const head = (major: number, length: number) => {
    if (length < 24) parts.push((major << 5) | length);
    else if (length < 0x100) parts.push((major << 5) | 24, length);
    else if (length < 0x10000) parts.push((major << 5) | 25, length >> 8, length & 0xff);
    else {
      parts.push((major << 5) | 26);
      for (let shift = 24; shift >= 0; shift -= 8) parts.push((length >>> shift) & 0xff);
    }
  };
  const write = (item: CborValue): void => {
    if (typeof item === 'number') {
      if (!Number.isInteger(item) || Math.abs(item) > 0xffffffff) {
        throw new CborError('encodeCbor: integers up to 32 bits only');
      }
      if (item >= 0) head(0, item);
      else head(1, -1 - item);
    } else if (typeof item === 'string') {
      const bytes = new TextEncoder().encode(item);
      head(3, bytes.length);
      parts.push(...bytes);
    } else if (item instanceof Uint8Array) {
      head(2, item.length);
      parts.push(...item);
    } else if (Array.isArray(item)) {
      head(4, item.length);
      for (const entry of item) write(entry);
    } else if (item instanceof Map) {
      head(5, item.size);
      for (const [key, entry] of item) {
        write(key);
        write(entry);
      }
    } else {
      parts.push(item === false ? 0xf4 : item === true ? 0xf5 : item === null ? 0xf6 : 0xf7);
    }
  };
  write(value);
  return Uint8Array.from(parts);
}
