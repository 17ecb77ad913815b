import canonicalize from 'canonicalize';

/**
 * The RFC 8785 canonical JSON of `value` as UTF-8: what every Muster signature covers, so any
 * replica reproduces the signed bytes whatever order the keys arrive in.
 */
export function canonicalBytes(value: object): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no canonical JSON form');
  return new TextEncoder().encode(text);
}
