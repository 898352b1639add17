#!/bin/bash
# dify-up: starts the containers of the current release, or updates them to
# match a changed .env. Compose reads COMPOSE_PROJECT_NAME, COMPOSE_FILE and
# COMPOSE_PROFILES from the .env, so a plain `docker compose` in
# /opt/dify/current sees the same project.
# shellcheck source=/dev/null
. "${DIFY_ROOT:-}/usr/local/lib/dify/lib.sh"
cd "$CURRENT" || die "no current release at $CURRENT"
@@UP@@
