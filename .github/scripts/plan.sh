#!/usr/bin/env bash
# Plans one synthesized stack into a saved plan, shows that saved plan to the
# approver in the job summary, and packs what the apply job needs.
#
# Environment: STACK (dev, staging, prod), BACKEND (s3 or cloud); for cloud
# also TOKEN_VARIABLE (TF_TOKEN_<host>), TF_API_TOKEN, TFC_HOSTNAME,
# TFC_ORGANIZATION and TFC_WORKSPACE. Optional: STACK_DIR (default
# cdktf.out/stacks/$STACK), PLAN_ARCHIVE (default plan-$STACK.tgz).
# Writes digest=<sha256 of the archive> to $GITHUB_OUTPUT.
set -euo pipefail

: "${STACK:?}" "${BACKEND:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"
dir="${STACK_DIR:-cdktf.out/stacks/$STACK}"
archive="$(realpath -m "${PLAN_ARCHIVE:-plan-$STACK.tgz}")"
export TF_IN_AUTOMATION=1

if [ "$BACKEND" = cloud ]; then
  : "${TOKEN_VARIABLE:?}" "${TF_API_TOKEN:?}"
  export "$TOKEN_VARIABLE=$TF_API_TOKEN"
fi

# Wait for a lock held by someone else rather than fail; Terraform Cloud
# queues runs itself.
lock=()
if [ "$BACKEND" = s3 ]; then lock=(-lock-timeout=30m); fi

cd "$dir"
terraform init -input=false -no-color
# With the cloud backend, -out makes a saved plan run in Terraform Cloud
# (Terraform 1.6 and later): tfplan is then a bookmark naming that run.
terraform plan -input=false "${lock[@]}" -no-color -out=tfplan
# What the approver reads is rendered from the saved plan itself.
terraform show -no-color tfplan > shown.txt

limit=900000 # the job summary takes at most 1 MiB per step
{
  echo "## Plan for \`$STACK\` at ${GITHUB_SHA:-this commit}"
  echo
  if [ "$BACKEND" = cloud ]; then
    run_id=$(sed -n 's/.*"run_id":"\([^"]*\)".*/\1/p' tfplan)
    echo "Terraform Cloud run: https://${TFC_HOSTNAME}/app/${TFC_ORGANIZATION}/workspaces/${TFC_WORKSPACE}/runs/${run_id}"
    echo
  fi
  grep -E '^(Plan: |No changes\.|Changes to Outputs:)' shown.txt | sed 's/^/**/; s/$/**/' || true
  destructive=$(grep -E '^  # .* (will be destroyed|must be replaced)' shown.txt || true)
  if [ -n "$destructive" ]; then
    echo
    echo "**Destroyed or replaced:**"
    echo
    echo "$destructive" | sed 's/^  # /- /'
  fi
  echo
  echo "<details><summary>terraform show (the saved plan that the apply job will apply)</summary>"
  echo
  echo '```'
  head -c "$limit" shown.txt
  echo '```'
  echo
  echo "</details>"
  if [ "$(wc -c < shown.txt)" -gt "$limit" ]; then
    echo
    echo "_Truncated: download the plan-$STACK artifact and run \`terraform show tfplan\` for the rest._"
  fi
} >> "$GITHUB_STEP_SUMMARY"

# Everything but the provider binaries, which the apply job installs again
# from .terraform.lock.hcl.
tar --exclude=./.terraform -czf "$archive" .
echo "digest=$(sha256sum "$archive" | cut -d' ' -f1)" >> "$GITHUB_OUTPUT"
