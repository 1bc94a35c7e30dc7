/** min, median and max of a list of numbers, rounded to 1 decimal. */
export function summarize(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]), runs: s.length };
}
