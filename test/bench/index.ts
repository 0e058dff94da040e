/**
 * `npm run bench [-- NAME]`: speed and memory goals, reported as ratios to a computed lower bound.
 * Each benchmark ends with one JSON line.
 */
import { benchDrain } from "./drain";
import { benchDrift } from "./drift";
import { benchGc } from "./gc";

const benchmarks: Record<string, () => Promise<void>> = { drain: benchDrain, drift: benchDrift, gc: benchGc };


const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(", ")}. Available: ${Object.keys(benchmarks).join(", ") || "none yet"}.`);
  process.exitCode = 2;
} else if (Object.keys(benchmarks).length === 0) {
  console.log("No benchmarks yet: drain, gc and drift benchmarks are added with those capabilities.");
} else {
  for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) await benchmarks[name]?.();
}
