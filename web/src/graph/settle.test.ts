import { describe, expect, it } from "vitest";
import { isCalm, relativeStep } from "./settle";

describe("layout settling", () => {
  it("measures the mean step against the graph's extent", () => {
    const before = new Float64Array([0, 0, 100, 0]);
    expect(relativeStep(before, new Float64Array([0, 0, 100, 0]))).toBe(0);
    expect(relativeStep(before, new Float64Array([1, 0, 101, 0]))).toBeCloseTo(1 / 100);
    expect(relativeStep(before, new Float64Array([0, 0]))).toBe(Infinity);
  });

  it("is not calm before the layout moved, nor while it still moves", () => {
    expect(isCalm(0, 0)).toBe(false);          // the worker has not started yet
    expect(isCalm(0.001, 0.005)).toBe(false);  // small, but half the peak: still going
    expect(isCalm(0.0015, 0.05)).toBe(true);
    expect(isCalm(0.003, 0.5)).toBe(false);    // a tenth of the peak but not small
  });
});
