# shellcheck shell=bash disable=SC2034 # some variables are for the scripts that source this
# Shared by the boot script and the dify-* commands of a Dify host.
# DIFY_ROOT is only set by the tests, which run the commands in a scratch dir.
set -euo pipefail
shopt -s inherit_errexit
# Files these scripts create (.env.new, request files) hold secrets.
umask 077
ROOT=${DIFY_ROOT:-}
# shellcheck source=/dev/null
. "$ROOT/etc/dify/host.env"
export AWS_DEFAULT_REGION="$REGION"
INSTANCE_ID=
{ read -r INSTANCE_ID <"$ROOT/var/lib/cloud/data/instance-id"; } 2>/dev/null || true
INSTANCE_ID=${INSTANCE_ID:-unknown}
CURRENT="$ROOT/opt/dify/current"

# The log goes to the script's own stderr (fd 3), also from inside $(...) and
# from functions whose stderr a caller captures to read AWS's error.
exec 3>&2
# The timestamp is bash's own (no date process per line), in UTC as date -u.
log() { TZ=UTC0 printf '%(%FT%TZ)T dify: %s\n' -1 "$*" >&3; }
die() { log "ERROR: $*"; exit 1; }
# Once, where the script stopped: its file, line and command. Not inherited by
# functions (no set -E), so a failure inside lib.sh is not reported twice.
trap 'log "FAILED at ${BASH_SOURCE[0]#"$ROOT"}:$LINENO: $BASH_COMMAND"' ERR

# retry TRIES COMMAND... runs COMMAND until it succeeds, waiting 2, 4, 8 ...
# (at most 60) seconds between tries. Its output passes through; each failed
# try is logged with its exit status, and the last one fails the caller.
retry() {
  local tries=$1 i=1 wait=2 rc
  shift
  while :; do
    rc=0
    "$@" || rc=$?
    [ "$rc" != 0 ] || return 0
    [ "$i" -lt "$tries" ] || { log "gave up after $tries tries (exit $rc): $*"; return "$rc"; }
    log "try $i/$tries failed (exit $rc), again in ${wait}s: $*"
    sleep "$wait"
    i=$((i + 1)) wait=$((wait * 2 > 60 ? 60 : wait * 2))
  done
}

# awsr ARGS... is `aws ARGS...` with retries for what is worth retrying:
# throttling, 5xx, no connection. A refusal (AccessDenied, ParameterNotFound,
# ParameterAlreadyExists, a validation error) is final at once, and its real
# message is on stderr for the caller to keep or show.
# AWS's stderr is kept in a variable while its stdout flows on (fd 4): no
# temp file, no grep, which matters on a host that calls AWS dozens of times.
AWS_RETRYABLE='throttl|toomanyupdates|requestlimitexceeded|internalservererror|serviceunavailable|internalfailure|could not connect|connection (was closed|reset)|timed out|read timeout|endpointconnectionerror|\(5[0-9][0-9]\)'
awsr() {
  local i=1 wait=2 rc err
  while :; do
    rc=0
    { err=$(aws "$@" 2>&1 >&4 4>&-); } 4>&1 || rc=$?
    [ "$rc" != 0 ] || return 0
    if [ "$i" -ge 8 ] || ! [[ ${err,,} =~ $AWS_RETRYABLE ]]; then
      [ -z "$err" ] || printf '%s\n' "$err" >&2
      return "$rc"
    fi
    log "aws $1 $2: ${err//$'\n'/ } (try $i/8, again in ${wait}s)"
    sleep "$wait"
    i=$((i + 1)) wait=$((wait * 2 > 60 ? 60 : wait * 2))
  done
}

# Prints a parameter's (decrypted) value; fails when it does not exist.
param() { awsr ssm get-parameter --name "$1" --with-decryption --query Parameter.Value --output text; }

# param_or_empty NAME prints the value, or nothing when the parameter does not
# exist; any other error (AccessDenied, KMS) stops with AWS's own message.
# awsr writes only the value when it succeeds and only AWS's error when it
# fails, so one capture of both streams tells them apart.
param_or_empty() {
  local out rc=0
  out=$(param "$1" 2>&1) || rc=$?
  if [ "$rc" = 0 ]; then printf '%s\n' "$out"
  elif [[ $out != *ParameterNotFound* ]]; then die "cannot read the SSM parameter $1: $out"
  fi
}

# create_param NAME VALUE_FILE [put-parameter options...] creates NAME once.
# Exit 0: created. Exit 3: it already existed (another host was first). Any
# other refusal (KMS AccessDenied, a policy) stops with AWS's message.
create_param() {
  local name=$1 file=$2 err rc=0
  shift 2
  err=$(awsr ssm put-parameter --name "$name" --value "file://$file" "$@" 2>&1 >/dev/null) || rc=$?
  [ "$rc" = 0 ] && return 0
  [[ $err == *ParameterAlreadyExists* ]] && return 3
  die "cannot create the SSM parameter $name: $err"
}

# secret NAME prints this deployment's value of NAME. The first host that needs
# it generates it into SSM. put-parameter has no --overwrite (and the host role
# may not overwrite), so hosts that boot together all read back the first value.
# The host that created it already knows it: no read-back.
secret() {
  local name="${SSM_PREFIX}secrets/$1" f value rc=0
  value=$(param_or_empty "$name")
  [ -n "$value" ] && { printf '%s\n' "$value"; return; }
  value=$(openssl rand -hex 32)
  f=$(mktemp)
  printf '%s' "$value" >"$f"
  create_param "$name" "$f" --type SecureString --key-id "$KMS_KEY_ARN" || rc=$?
  rm -f "$f"
  if [ "$rc" = 0 ]; then printf '%s\n' "$value"
  elif [ "$rc" = 3 ]; then param "$name"
  else exit "$rc"
  fi
}

# download URL FILE fetches URL, retrying 5xx, 429 and network errors with
# backoff. A failure names the URL and the HTTP status (or curl's error).
# curl -sS writes to stderr only when it fails, and then its status is 000:
# one capture holds the status, or curl's error followed by 000.
download() {
  local url=$1 out=$2 i=1 wait=2 code rc
  while :; do
    rc=0
    code=$(curl -sS -L --connect-timeout 10 --max-time 600 -o "$out" -w '%{http_code}' "$url" 2>&1) || rc=$?
    if [ "$rc" = 0 ] && [ "${code:0:1}" = 2 ]; then return 0; fi
    if [ "$rc" != 0 ]; then
      code=${code%000} code=${code#000} code=${code%$'\n'}
      code="no answer (${code//$'\n'/ } curl exit $rc)"
    else code="HTTP $code"; fi
    if [ "$i" -ge 5 ] || [[ $code =~ ^HTTP\ 4 && $code != "HTTP 429" ]]; then
      rm -f "$out"
      log "download failed: $url: $code"
      return 1
    fi
    log "download $url: $code (try $i/5, again in ${wait}s)"
    sleep "$wait"
    i=$((i + 1)) wait=$((wait * 2))
  done
}
