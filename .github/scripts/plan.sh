#!/usr/bin/env bash
# Plans one synthesized stack into a saved plan, shows that saved plan to the
# approver in the job summary, and packs what the apply job needs.
#
# Environment: STACK (dev, staging, prod), BACKEND (s3 or cloud); for cloud
# also TOKEN_VARIABLE (TF_TOKEN_<host>), TF_API_TOKEN and TFC_HOSTNAME
# (organization and workspace come from the synthesized stack). Optional: STACK_DIR (default
# cdktf.out/stacks/$STACK), PLAN_ARCHIVE (default plan-$STACK.tgz),
# TFC_API_URL (default https://$TFC_HOSTNAME/api/v2).
# Writes digest=<sha256 of the archive> to $GITHUB_OUTPUT.
set -euo pipefail

: "${STACK:?}" "${BACKEND:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"
dir="${STACK_DIR:-cdktf.out/stacks/$STACK}"
archive="$(realpath -m "${PLAN_ARCHIVE:-plan-$STACK.tgz}")"
export TF_IN_AUTOMATION=1

if [ "$BACKEND" = cloud ]; then
  : "${TOKEN_VARIABLE:?}" "${TF_API_TOKEN:?}" "${TFC_HOSTNAME:?}"
  export "$TOKEN_VARIABLE=$TF_API_TOKEN"
  # The workspace exactly as the synthesized stack names it (a namespace
  # included).
  hostname=$(jq -r '.terraform.cloud.hostname // "app.terraform.io"' "$dir/cdk.tf.json")
  organization=$(jq -r '.terraform.cloud.organization // empty' "$dir/cdk.tf.json")
  workspace=$(jq -r '.terraform.cloud.workspaces.name // empty' "$dir/cdk.tf.json")
  if [ "$hostname" != "$TFC_HOSTNAME" ] || [ -z "$organization" ] || [ -z "$workspace" ]; then
    echo "::error::$dir/cdk.tf.json has no Terraform Cloud workspace on $TFC_HOSTNAME (found '$organization/$workspace' on '$hostname')"
    exit 1
  fi
  # terraform init would create a missing workspace, without the variables
  # that give its runs AWS credentials: insist that it was set up first.
  api="${TFC_API_URL:-https://$TFC_HOSTNAME/api/v2}"
  response=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $TF_API_TOKEN" "$api/organizations/$organization/workspaces/$workspace")
  code=${response##*$'\n'}
  if [ "$code" = 404 ]; then
    echo "::error::Terraform Cloud workspace $organization/$workspace does not exist (or this token cannot see it); create it with its dynamic-credential variables first (docs/ci.md)"
    exit 1
  elif [ "$code" != 200 ]; then
    echo "::error::Terraform Cloud answered HTTP $code for workspace $organization/$workspace"
    exit 1
  fi
  workspace_id=$(jq -r .data.id <<< "${response%$'\n'*}")
  # A variable set may provide them instead, so a gap is only a warning.
  keys=$(curl -fsS -H "Authorization: Bearer $TF_API_TOKEN" "$api/workspaces/$workspace_id/vars" | jq -r '.data[].attributes.key' || true)
  for key in TFC_AWS_PROVIDER_AUTH TFC_AWS_RUN_ROLE_ARN; do
    if ! grep -qx "$key" <<< "$keys"; then
      echo "::warning::workspace $workspace has no $key variable; unless a variable set provides it, its runs get no AWS credentials (docs/ci.md)"
    fi
  done
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
    echo "Terraform Cloud run: https://${TFC_HOSTNAME}/app/${organization}/workspaces/${workspace}/runs/${run_id}"
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
