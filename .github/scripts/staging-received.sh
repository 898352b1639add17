#!/usr/bin/env bash
# Succeeds only if staging already received this commit: a run of deploy.yml
# on main, started by a push or by hand (never by a pull request, whose copy
# of the workflow could be anything), with a successful "Apply staging" job
# for this very SHA.
#
# Environment: GH_TOKEN (actions: read), GITHUB_REPOSITORY, GITHUB_SHA.
set -euo pipefail

: "${GH_TOKEN:?}" "${GITHUB_REPOSITORY:?}" "${GITHUB_SHA:?}"
job="Apply staging"

runs=$(gh api "repos/$GITHUB_REPOSITORY/actions/workflows/deploy.yml/runs?head_sha=$GITHUB_SHA&branch=main&per_page=100" \
  --jq '.workflow_runs[] | select(.event == "push" or .event == "workflow_dispatch") | .id')
for run in $runs; do
  if gh api "repos/$GITHUB_REPOSITORY/actions/runs/$run/jobs?filter=all&per_page=100" \
    --jq ".jobs[] | select(.name == \"$job\" and .conclusion == \"success\") | .id" | grep -q .; then
    echo "Staging received $GITHUB_SHA in run $run."
    exit 0
  fi
done
echo "::error::prod deploys only a commit that staging received, and no run of deploy.yml on main applied staging at $GITHUB_SHA; deploy staging first"
exit 1
