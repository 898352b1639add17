"use strict";
/**
 * Preloaded into the jest workers (NODE_OPTIONS, set by global-setup.ts).
 *
 * When jest ends a worker (message CHILD_MESSAGE_END = 2 from jest-worker), the
 * worker would let Node tear down its V8 heap, several hundred MB after dozens
 * of suites, page by page. On a VM where each page-table change is expensive
 * that took 700-800 ms, longer than the 500 ms jest-worker allows, so jest
 * killed the worker and warned that it "failed to exit gracefully", although
 * nothing was left running in it. Every result has already reached jest by
 * then, so the worker ends itself at once instead (300 ms for the same heap).
 * Only a process with jest's IPC channel listens; other node processes the
 * tests start inherit NODE_OPTIONS and are untouched.
 */
const CHILD_MESSAGE_END = 2;
if (process.env.JEST_WORKER_ID && typeof process.send === "function") {
  process.on("message", (message) => {
    if (Array.isArray(message) && message[0] === CHILD_MESSAGE_END) process.kill(process.pid, "SIGKILL");
  });
}
