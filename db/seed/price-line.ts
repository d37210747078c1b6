// Finds a quantity and a four-decimal unit price whose product, rounded half up to the cent, is
// exactly a given line amount. Integer arithmetic throughout (BigInt), so nothing drifts.

const TEN_THOUSAND = 10_000n;
/** Half a cent in ten-thousandths of a sol. */
const HALF_CENT = 50n;

export interface PricedLine {
  quantity: string;
  unitPrice: string;
}

/** round(numerator / denominator), half up, for positive integers. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function formatTenThousandths(value: bigint): string {
  return `${value / TEN_THOUSAND}.${(value % TEN_THOUSAND).toString().padStart(4, '0')}`;
}

/** Quantity × price lands on the amount after rounding half up to the cent. */
function roundsToAmount(quantity: bigint, price: bigint, target: bigint): boolean {
  const product = quantity * price;
  return product >= target - HALF_CENT && product < target + HALF_CENT;
}

/**
 * @param amountCents the line amount, in cents (positive)
 * @param targetPrice the unit price to stay near, in ten-thousandths of a sol (positive)
 *
 * Walks outwards from the target along whichever of quantity or price is smaller: a match
 * turns up about once every min(quantity, price) / 100 steps, so this stays fast.
 */
export function priceLine(amountCents: bigint, targetPrice: bigint): PricedLine {
  if (amountCents <= 0n) throw new RangeError('amount must be positive');
  const target = amountCents * 100n;
  const startPrice = targetPrice > 0n ? (targetPrice < target ? targetPrice : target) : 1n;
  const startQuantity = divideHalfUp(target, startPrice) || 1n;
  const walkPrices = startPrice < startQuantity;

  for (let step = 0n; step < 10_000_000n; step++) {
    for (const delta of step === 0n ? [0n] : [step, -step]) {
      let quantity: bigint;
      let price: bigint;
      if (walkPrices) {
        price = startPrice + delta;
        if (price < 1n) continue;
        quantity = divideHalfUp(target, price);
      } else {
        quantity = startQuantity + delta;
        if (quantity < 1n) continue;
        price = divideHalfUp(target, quantity);
      }
      if (quantity >= 1n && price >= 1n && roundsToAmount(quantity, price, target)) {
        return { quantity: quantity.toString(), unitPrice: formatTenThousandths(price) };
      }
    }
  }
  throw new Error(`no quantity and price found for ${amountCents} cents`);
}
