// When is a running layout settled? Pure functions, unit-tested (view.ts polls them).

const SETTLE_RATIO = 0.002;  // mean step under 0.2% of the graph's extent per poll

/** Mean distance moved since `before`, relative to the bounding box's diagonal. */
export function relativeStep(before: Float64Array, after: Float64Array): number {
  if (before.length !== after.length || after.length === 0) return Infinity;
  let moved = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < after.length; i += 2) {
    moved += Math.hypot(after[i] - before[i], after[i + 1] - before[i + 1]);
    minX = Math.min(minX, after[i]); maxX = Math.max(maxX, after[i]);
    minY = Math.min(minY, after[i + 1]); maxY = Math.max(maxY, after[i + 1]);
  }
  const diagonal = Math.hypot(maxX - minX, maxY - minY) || 1;
  return moved / (after.length / 2) / diagonal;
}

/** Settled: the layout has moved (a slow start on a busy CPU is not a settled layout) and
 *  now moves little, both in absolute terms and against its largest step. */
export function isCalm(step: number, peak: number): boolean {
  return peak > 0 && step < SETTLE_RATIO && step < 0.1 * peak;
}

