#!/bin/bash
# dify-firewall: only the containers that need the instance role reach the
# metadata service. The rule sits in DOCKER-USER, which Docker creates once
# and never rewrites, and sends metadata traffic to DIFY-IMDS: RETURN for the
# current addresses of the allowed services' containers, REJECT for the rest.
# Addresses change when a container is recreated, so `watch` re-applies the
# list on every container start. `closed` runs before Docker at boot: the
# chain starts as REJECT-only, so nothing reaches the role before the list
# is known.
# shellcheck source=/dev/null
. "${DIFY_ROOT:-}/usr/local/lib/dify/lib.sh"
allowed=(@@ROLE_SERVICES@@)
metadata=@@METADATA@@

chains() {
  iptables -w -N DOCKER-USER 2>/dev/null || true
  if iptables -w -N DIFY-IMDS 2>/dev/null; then iptables -w -A DIFY-IMDS -j REJECT; fi
  iptables -w -C DOCKER-USER -d "$metadata/32" -j DIFY-IMDS 2>/dev/null ||
    iptables -w -I DOCKER-USER -d "$metadata/32" -j DIFY-IMDS
}

apply() {
  local svc ip rules
  chains
  rules=$'*filter\n:DIFY-IMDS - [0:0]\n'
  for svc in "${allowed[@]}"; do
    for ip in $(docker ps -q --filter label=com.docker.compose.project=dify --filter "label=com.docker.compose.service=$svc" |
      xargs -r docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}'); do
      rules+="-A DIFY-IMDS -s $ip/32 -j RETURN"$'\n'
    done
  done
  # One iptables-restore: the chain is replaced at once, never open.
  printf '%s-A DIFY-IMDS -j REJECT\nCOMMIT\n' "$rules" | iptables-restore -w -n
}

case ${1:-apply} in
  closed) chains ;;
  watch)
    until docker info >/dev/null 2>&1; do sleep 2; done
    apply
    docker events --filter type=container --filter event=start --format '{{.ID}}' |
      while read -r _; do apply; done
    ;;
  apply) apply ;;
  *) die "usage: dify-firewall [apply|closed|watch]" ;;
esac
