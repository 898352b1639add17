#!/usr/bin/env bash
# Unpacks a plan archive into a new folder, only if it is the archive that
# the plan job produced (its sha256 travels as a job output, apart from the
# artifact).
#
# Environment: STACK, PLAN_DIGEST; optional PLAN_ARCHIVE (default
# plan-$STACK.tgz), APPLY_DIR (default applied-$STACK).
set -euo pipefail

: "${STACK:?}" "${PLAN_DIGEST:?}"
archive="${PLAN_ARCHIVE:-plan-$STACK.tgz}"
dir="${APPLY_DIR:-applied-$STACK}"

actual=$(sha256sum "$archive" | cut -d' ' -f1)
if [ "$actual" != "$PLAN_DIGEST" ]; then
  echo "::error::$archive has sha256 $actual, but the plan job produced $PLAN_DIGEST; refusing to apply"
  exit 1
fi
mkdir "$dir"
tar -xzf "$archive" -C "$dir"
