/** Cursor pages over sorted keys, for the site's routes (./http.ts, ./adminApi.ts) and its state (./state.ts). */
/** First index in a sorted array whose value is greater than `after` (or 0 when there is no `after`). */
export function indexAfter(sorted: ReadonlyArray<string>, after: string | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
