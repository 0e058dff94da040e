/**
 * DynamoDB numbers: exact decimals of up to 38 significant digits, magnitude 1E-130 to 9.99…E+125, sent and stored as
 * strings. Arithmetic (`SET a = a + :n`, `ADD`) and ordering must be exact — JavaScript numbers are not — so values are
 * held as coefficient × 10^exponent with a bigint coefficient.
 */

interface Decimal {
  /** Non-negative; no trailing zeros (they move into the exponent). */
  coefficient: bigint;
  exponent: number;
  negative: boolean;
}

type ParseResult = { ok: true; value: Decimal } | { ok: false; message: string };

const PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_DIGITS = 38;

const ZERO: Decimal = { coefficient: 0n, exponent: 0, negative: false };

function normalise(coefficient: bigint, exponent: number, negative: boolean): Decimal {
  if (coefficient === 0n) return ZERO;
  let c = coefficient;
  let e = exponent;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return { coefficient: c, exponent: e, negative };
}

function digitCount(value: bigint): number {
  return value === 0n ? 1 : value.toString().length;
}

/** Checks DynamoDB's precision and range limits, with DynamoDB's messages. */
function checkLimits(value: Decimal): ParseResult {
  if (value.coefficient === 0n) return { ok: true, value };
  const digits = digitCount(value.coefficient);
  if (digits > MAX_DIGITS) return { ok: false, message: "Attempting to store more than 38 significant digits in a Number" };
  // Magnitude as d.ddd × 10^(exponent + digits - 1).
  const magnitude = value.exponent + digits - 1;
  if (magnitude > 125) {
    return { ok: false, message: "Number overflow. Attempting to store a number with magnitude larger than supported range" };
  }
  if (magnitude < -130) {
    return { ok: false, message: "Number underflow. Attempting to store a number with magnitude smaller than supported range" };
  }
  return { ok: true, value };
}

function parseNumber(text: string): ParseResult {
  const match = PATTERN.exec(text);
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = match ?? [];
  if (!match || whole.length + fraction.length === 0) {
    return { ok: false, message: "A value provided cannot be converted into a number" };
  }
  const coefficient = BigInt(`${whole}${fraction}` || "0");
  const value = normalise(coefficient, Number(exponentText) - fraction.length, sign === "-");
  return checkLimits(value);
}

/** Plain notation without exponent, trailing zeros or a leading "+", as DynamoDB returns numbers. */
function formatNumber(value: Decimal): string {
  if (value.coefficient === 0n) return "0";
  const digits = value.coefficient.toString();
  const sign = value.negative ? "-" : "";
  if (value.exponent >= 0) return `${sign}${digits}${"0".repeat(value.exponent)}`;
  const point = digits.length + value.exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${digits}`;
}

/** Both coefficients scaled to the smaller exponent. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  const scale = (d: Decimal) => (d.negative ? -1n : 1n) * d.coefficient * 10n ** BigInt(d.exponent - exponent);
  return [scale(a), scale(b), exponent];
}

function compareNumbers(a: Decimal, b: Decimal): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function addNumbers(a: Decimal, b: Decimal): Decimal {
  const [x, y, exponent] = aligned(a, b);
  const sum = x + y;
  return normalise(sum < 0n ? -sum : sum, exponent, sum < 0n);
}

function negate(value: Decimal): Decimal {
  return value.coefficient === 0n ? value : { ...value, negative: !value.negative };
}

export { addNumbers, checkLimits, compareNumbers, formatNumber, negate, parseNumber };
export type { Decimal, ParseResult };
