/*
 * Proleptic Gregorian calendar arithmetic on whole days since 1970-01-01
 * (Howard Hinnant's days_from_civil / civil_from_days), exact for every year
 * chrono can hold. Internal to the package.
 */

/** Seconds in a day (chrono has no leap-second-long days: a leap second is an 1e9+ nanosecond field). */
export const SECONDS_PER_DAY = 86_400;

/** chrono 0.4's `NaiveDate::MIN` year (`i32::MIN >> 13`) and `NaiveDate::MAX` year (`i32::MAX >> 13`). */
export const MIN_YEAR = -262_144;
export const MAX_YEAR = 262_143;

/** `Math.floor(a / b)`: division rounding toward −∞, as the calendar formulas need. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Gregorian leap year rule (year 0 is a leap year; works for negative years). */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (which must be valid). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400; // 0..399
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // 0..365
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // 0..146096
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date `days` after 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097; // 0..146096
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Day number of chrono's first date, -262144-01-01, and of its last, +262143-12-31. */
export const MIN_DAY = daysFromCivil(MIN_YEAR, 1, 1);
export const MAX_DAY = daysFromCivil(MAX_YEAR, 12, 31);

/** Epoch seconds of -262144-01-01T00:00:00Z and of +262143-12-31T23:59:59Z. */
export const MIN_SECONDS = MIN_DAY * SECONDS_PER_DAY;
export const MAX_SECONDS = MAX_DAY * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;
