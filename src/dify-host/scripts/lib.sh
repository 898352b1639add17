# shellcheck shell=bash disable=SC2034 # some variables are for the scripts that source this
# Shared by the boot script and the dify-* commands of a Dify host.
# DIFY_ROOT is only set by the tests, which run the commands in a scratch dir.
set -euo pipefail
shopt -s inherit_errexit
ROOT=${DIFY_ROOT:-}
# shellcheck source=/dev/null
. "$ROOT/etc/dify/host.env"
export AWS_DEFAULT_REGION="$REGION"
INSTANCE_ID=$(cat "$ROOT/var/lib/cloud/data/instance-id" 2>/dev/null || echo unknown)
CURRENT="$ROOT/opt/dify/current"

log() { printf '%s dify: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints a parameter's (decrypted) value; fails when it does not exist.
param() { aws ssm get-parameter --name "$1" --with-decryption --query Parameter.Value --output text; }

# secret NAME prints this deployment's value of NAME. The first host that needs
# it generates it into SSM. put-parameter has no --overwrite, so it fails for
# every later host, and hosts that boot together all read back the first value.
secret() {
  local name="${SSM_PREFIX}secrets/$1" f
  param "$name" 2>/dev/null && return
  f=$(mktemp)
  openssl rand -hex 32 | tr -d '\n' >"$f"
  aws ssm put-parameter --name "$name" --type SecureString --key-id "$KMS_KEY_ARN" --value "file://$f" >/dev/null 2>&1 || true
  rm -f "$f"
  param "$name" || die "cannot read or create the SSM parameter $name"
}
