import * as encoding from 'lib0/encoding';

/**
 * Checked writes over lib0/encoding, the writing side of wire-reader.ts.
 */

/** A non-negative safe integer as a varUint; anything else throws RangeError. */
export function writeUint(enc: encoding.Encoder, n: number): void {
  // A negative or fractional number would be silently mangled by writeVarUint.
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  encoding.writeVarUint(enc, n);
}
