#!/usr/bin/env bash
# Puts the tree that a pull request is compared against into base/ (or $1).
#
# On pull_request, actions/checkout checks out the merge ref: the PR merged
# into the base branch's tip as of this run. Its first parent is exactly that
# tip, so the difference is this PR's changes alone. pull_request.base.sha
# can be older than the tip; diffing against it would credit other PRs'
# merged changes to this one. Needs fetch-depth: 2.
set -euo pipefail

target="${1:-base}"
if ! git rev-parse --verify --quiet HEAD^2 > /dev/null; then
  echo "::error::HEAD ($(git rev-parse --short HEAD)) is not a merge commit; check out the pull request's merge ref with fetch-depth: 2"
  exit 1
fi
echo "Comparing against $(git rev-parse HEAD^1), the first parent of the merge ref $(git rev-parse HEAD)."
mkdir "$target"
git archive HEAD^1 | tar -x -C "$target"
