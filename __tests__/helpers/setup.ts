import { Testing } from "cdktf";

// Adds the cdktf matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();

// cdktf records the whole stack of every token it creates (Error.captureStackTrace
// on a plain object, read at once) and shows it only if that token later fails to
// resolve. Jest formats every stack through the source maps of every frame, which
// cost about an eighth of a synth. Those plain objects get their frames unmapped;
// errors keep the mapped stacks that test failures print.
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (error, frames) => (Object.getPrototypeOf(error) === Object.prototype ? `Error${frames.map((f) => `\n    at ${f}`).join("")}` : mapped(error, frames));
}
