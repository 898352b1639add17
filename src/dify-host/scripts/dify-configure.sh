#!/bin/bash
# dify-configure: writes the .env of the current Dify release: upstream's
# .env.example with this deployment's settings on top. A key's line is replaced
# where upstream has it and appended where it does not, so keys that a new
# release adds arrive with their upstream defaults. dify.service runs this
# before every start and reload, so rotated credentials are picked up.
# From 1.14 upstream moved most keys into optional docker/envs/*.env files; we
# leave those absent: Compose reads .env last, and .env carries every key we
# set. Which service receives which key is the compose file's decision, not
# .env's (src/dify-host/dify-releases.ts, compose-override.ts).
# shellcheck source=/dev/null
. "${DIFY_ROOT:-}/usr/local/lib/dify/lib.sh"

overrides=$(mktemp)
trap 'rm -f "$overrides"' EXIT
plain='^[A-Za-z0-9_./:@,+=?%{}&-]*$'
# ov KEY VALUE adds one setting. Other values go in single quotes, which
# Compose reads literally: no $ interpolation, no # comment.
ov() {
  if [[ $2 =~ $plain ]]; then printf '%s=%s\n' "$1" "$2"
  elif [[ $2 != *\'* ]]; then printf "%s='%s'\n" "$1" "$2"
  else die "the value of $1 has a single quote, which a Compose .env file cannot hold"
  fi >>"$overrides"
}

@@OVERRIDES@@

awk -F= 'NR == FNR { v[$1] = $0; keys[++n] = $1; next }
  ($1 in v) { print v[$1]; done[$1] = 1; next }
  { print }
  END { for (i = 1; i <= n; i++) if (!(keys[i] in done)) print v[keys[i]] }' \
  "$overrides" "$CURRENT/.env.example" >"$CURRENT/.env.new"
chmod 600 "$CURRENT/.env.new"
mv "$CURRENT/.env.new" "$CURRENT/.env"
log "configured $CURRENT/.env"
