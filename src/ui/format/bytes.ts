// Byte sizes as etcd prints them (go-humanize's Bytes): SI units (1 kB = 1000 B), one decimal below 10.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Go's %.Nf rounds an exact half to even; JavaScript's toFixed does not. */
function goFixed(v: number, digits: number): string {
  const f = 10 ** digits;
  const scaled = v * f;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let r: number;
  if (Math.abs(diff - 0.5) < 1e-9) r = floor % 2 === 0 ? floor : floor + 1;
  else r = Math.round(scaled);
  return (r / f).toFixed(digits);
}

export function humanizeBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 10) return `${Math.floor(n)} B`;
  const e = Math.min(Math.floor(Math.log(n) / Math.log(1000)), UNITS.length - 1);
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${goFixed(val, val < 10 ? 1 : 0)} ${UNITS[e]}`;
}

/** Share of the file in use, 0–1 (0 for an empty file). */
export function inUseRatio(size: number, inUse: number): number {
  if (!(size > 0)) return 0;
  return Math.max(0, Math.min(1, inUse / size));
}
