#!/usr/bin/env bash
# Applies exactly the saved plan run that the approver saw (Terraform Cloud).
#
# The run is confirmed through the Runs API (POST /runs/:id/actions/apply),
# then watched. Nothing here can cancel it: cancelling this job, or a
# timeout, only stops the watching, and the apply goes on in Terraform Cloud.
#
# Environment: as verify-plan.sh, plus TF_API_TOKEN and TFC_HOSTNAME.
# Optional: TFC_API_URL (default https://$TFC_HOSTNAME/api/v2), POLL_SECONDS.
set -euo pipefail

: "${STACK:?}" "${TF_API_TOKEN:?}" "${TFC_HOSTNAME:?}"
here="$(dirname "$(realpath "$0")")"
"$here/verify-plan.sh"
bookmark="${APPLY_DIR:-applied-$STACK}/tfplan"

run_id=$(jq -r 'select(.remote_plan_format == 1) | .run_id // empty' "$bookmark")
host=$(jq -r '.hostname // empty' "$bookmark")
if [ -z "$run_id" ] || [ "$host" != "$TFC_HOSTNAME" ]; then
  echo "::error::the plan is not a saved Terraform Cloud plan for $TFC_HOSTNAME (run '${run_id}', host '${host}')"
  exit 1
fi

api="${TFC_API_URL:-https://$host/api/v2}/runs/$run_id"
status() {
  curl -fsS --retry 5 -H "Authorization: Bearer $TF_API_TOKEN" "$api" | jq -r .data.attributes.status
}

current=$(status)
if [ "$current" != planned_and_saved ]; then
  echo "::error::Terraform Cloud run $run_id is '$current', not planned_and_saved: it was applied, discarded or went stale; re-run the plan job"
  exit 1
fi

comment="Approved in ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
curl -fsS -X POST \
  -H "Authorization: Bearer $TF_API_TOKEN" -H "Content-Type: application/vnd.api+json" \
  --data "$(jq -n --arg c "$comment" '{comment: $c}')" "$api/actions/apply" > /dev/null
echo "Applying https://$host/app/runs/$run_id (cancelling this job does not stop it)"

while :; do
  sleep "${POLL_SECONDS:-20}"
  current=$(status) || continue
  case "$current" in
    applied) echo "Applied."; exit 0 ;;
    errored | canceled | force_canceled | discarded)
      echo "::error::Terraform Cloud run $run_id ended as $current"
      exit 1 ;;
  esac
done
