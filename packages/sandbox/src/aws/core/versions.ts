/**
 * Orders version strings the way AWS lists them, newest first: `v1.19.2-eksbuild.1` > `v1.19.0-eksbuild.3`, numeric
 * parts compared as numbers, non-numeric parts as text.
 */
function compareVersions(a: string, b: string): number {
  const left = a.split(/[^0-9A-Za-z]+/).filter(Boolean);
  const right = b.split(/[^0-9A-Za-z]+/).filter(Boolean);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    if (l === undefined) return -1;
    if (r === undefined) return 1;
    const ln = /^\d+$/.test(l) ? Number(l) : Number.NaN;
    const rn = /^\d+$/.test(r) ? Number(r) : Number.NaN;
    const diff = !Number.isNaN(ln) && !Number.isNaN(rn) ? ln - rn : l.localeCompare(r);
    if (diff !== 0) return diff;
  }
  return 0;
}

function newestFirst(a: string, b: string): number {
  return compareVersions(b, a);
}

export { compareVersions, newestFirst };
