// cdktf's jest matchers (Testing.setupJest) are not registered: the tests
// assert on synthesized JSON and use none of them, and loading cdktf here cost
// every suite ~0.8 s of CPU, the many that never synthesize included.

// cdktf records the whole stack of every token it creates (Error.captureStackTrace
// on a plain object, read at once) and shows it only if that token later fails to
// resolve. Jest formats each such stack through the source maps, frame by frame,
// and even unmapped the formatting was a quarter of a synth's CPU. As in
// scripts/run-ts.js, those stacks are left empty unless DIFY_DEBUG is set; errors
// keep the mapped stacks that test failures print.
const mapped = Error.prepareStackTrace;
if (mapped && !process.env.DIFY_DEBUG) {
  Error.prepareStackTrace = (error, frames) => (Object.getPrototypeOf(error) === Object.prototype ? "" : mapped(error, frames));
}
