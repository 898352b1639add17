import { runReview } from "../src/review/cli";

// The review goes to stdout (the PR workflow redirects it into review.md);
// errors go to stderr so they never end up posted as a review.
const { output, exitCode } = runReview(process.argv.slice(2));
(exitCode === 0 ? process.stdout : process.stderr).write(output);
process.exitCode = exitCode;
