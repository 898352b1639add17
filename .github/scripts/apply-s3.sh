#!/usr/bin/env bash
# Applies exactly the saved plan that the approver saw (S3 backend).
#
# Environment: as verify-plan.sh. Terraform refuses the file if the state
# changed since the plan ("Saved plan is stale"): plan again then.
set -euo pipefail

here="$(dirname "$(realpath "$0")")"
"$here/verify-plan.sh"
cd "${APPLY_DIR:-applied-$STACK}"
export TF_IN_AUTOMATION=1
terraform init -input=false -no-color -lockfile=readonly
terraform apply -input=false -lock-timeout=30m -no-color tfplan
