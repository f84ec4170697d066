/** The check page's own words: sizes and hashing progress. Pure. */

/** "29.2 kB", "1.3 GB": decimal units, as file managers and PyPI show sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "45% (1.3 MB of 2.9 MB)". */
export function progressWords(bytes: number, size: number): string {
  const percent = size > 0 ? Math.min(100, Math.floor((bytes / size) * 100)) : 100;
  return `${percent}% (${formatBytes(bytes)} of ${formatBytes(size)})`;
}
