#!/usr/bin/env bash
# Stops a deploy job early, with one line, when its GitHub environment lacks
# what the backend needs. GitHub gives the job only a boolean for the secret.
#
# Environment: BACKEND (s3 or cloud), AWS_DEPLOY_ROLE_ARN, HAS_TF_API_TOKEN.
set -euo pipefail

: "${BACKEND:?}"
where="this job's GitHub environment"
case "$BACKEND" in
  s3)
    if [ -z "${AWS_DEPLOY_ROLE_ARN:-}" ]; then
      echo "::error::set the AWS_DEPLOY_ROLE_ARN variable on $where (a role that GitHub OIDC may assume, docs/ci.md)"
      exit 1
    fi ;;
  cloud)
    if [ "${HAS_TF_API_TOKEN:-}" != true ]; then
      echo "::error::set the TF_API_TOKEN secret on $where (a Terraform Cloud team token, docs/ci.md)"
      exit 1
    fi ;;
  *)
    echo "::error::unknown backend '$BACKEND'"
    exit 1 ;;
esac
