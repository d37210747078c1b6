// Exact division for shared/ calculations: the quotient of two decimals rounded once, at the
// caller's named boundary. decimal.js divides to a number of significant digits and would round
// twice (there, then at the boundary); here both operands are scaled to integers (bigint) and the
// remainder decides the rounding.
import type Decimal from 'decimal.js';

/**
 * a ÷ b rounded to `places` decimals, half up (away from zero on .5) or to the ceiling, as a
 * decimal string. The caller's Decimal clone must hold a × 10^k and b × 10^k exactly.
 */
export function divideRounded(a: Decimal, b: Decimal, places: number, mode: 'halfUp' | 'ceiling'): string {
  const scale = Math.max(a.decimalPlaces(), b.decimalPlaces());
  let n = BigInt(a.mul(`1e${scale}`).toFixed(0));
  let d = BigInt(b.mul(`1e${scale}`).toFixed(0));
  if (d === 0n) throw new RangeError('divideRounded: división entre cero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  n *= 10n ** BigInt(places);
  let q = n / d; // truncated toward zero; the remainder has the sign of n
  const r = n % d;
  if (r !== 0n) {
    if (mode === 'ceiling') {
      if (r > 0n) q += 1n;
    } else if (2n * (r < 0n ? -r : r) >= d) {
      q += r > 0n ? 1n : -1n;
    }
  }
  const negative = q < 0n;
  const digits = (negative ? -q : q).toString().padStart(places + 1, '0');
  const integerPart = digits.slice(0, digits.length - places);
  const text = places === 0 ? integerPart : `${integerPart}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}
