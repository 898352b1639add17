# Several hosts share one database, so MIGRATION_ENABLED is false and exactly
# one host migrates per version, under a lease in SSM:
#   migrations/<version>/done      written once the schema is migrated
#   migrations/<version>/lease-<n> "<owner instance id> <expiry, epoch s> running|failed"
# Taking generation n+1 is a put-parameter without --overwrite: SSM lets one
# host create it, so two hosts never both win. The owner renews its lease
# every minute while it migrates. A host takes the next generation when there
# is none, when the holder's lease has lapsed (it died or was replaced), when
# the holder reports its migration failed, or when the holder is itself (it
# rebooted mid-migration). Every wait ends well inside the Auto Scaling
# health-check grace (30 min), so a stuck host fails and is replaced instead.
LEASE_SECONDS=300
WAIT_SECONDS=900
lease_base="${SSM_PREFIX}migrations/$DIFY_VERSION"

lease_file=$(mktemp)
# lease_write GEN STATE [--overwrite]: this host's lease, valid LEASE_SECONDS.
lease_write() {
  printf '%s %s %s' "$INSTANCE_ID" "$(($(date +%s) + LEASE_SECONDS))" "$2" >"$lease_file"
  if [ "${3:-}" = --overwrite ]; then
    awsr ssm put-parameter --name "$lease_base/lease-$1" --type String --value "file://$lease_file" --overwrite >/dev/null
  else
    create_param "$lease_base/lease-$1" "$lease_file" --type String
  fi
}

# migrate GEN: runs the migration holding lease GEN, renewing it meanwhile.
migrate() {
  local gen=$1 renewer rc=0
  log "migrating the database to $DIFY_VERSION (lease $gen)"
  retry 3 docker compose pull --quiet api
  (while sleep 60; do lease_write "$gen" running --overwrite || true; done) &
  renewer=$!
  # The image's entrypoint ignores arguments, hence --entrypoint. Not
  # `flask upgrade-db`: it exits 0 even when the migration fails.
  docker compose run --rm --no-deps --entrypoint flask api db upgrade || rc=$?
  kill "$renewer" 2>/dev/null || true
  wait "$renewer" 2>/dev/null || true
  if [ "$rc" = 0 ]; then
    printf 'migrated by %s' "$INSTANCE_ID" >"$lease_file"
    create_param "$lease_base/done" "$lease_file" --type String || [ $? = 3 ]
    log "database migrated to $DIFY_VERSION"
    return 0
  fi
  lease_write "$gen" failed --overwrite
  die "the migration to $DIFY_VERSION failed (exit $rc, output above); lease $gen marked failed, so this host on its restart or any other host retries it"
}

migrate_once() {
  local deadline migrated gen value next owner expiry state now rc
  deadline=$(($(date +%s) + WAIT_SECONDS))
  while :; do
    migrated=$(param_or_empty "$lease_base/done")
    [ -z "$migrated" ] || return 0
    gen=0 value=
    while :; do
      next=$(param_or_empty "$lease_base/lease-$((gen + 1))")
      [ -n "$next" ] || break
      gen=$((gen + 1)) value=$next
    done
    read -r owner expiry state <<<"${value:-none 0 none}"
    now=$(date +%s)
    if [ "$gen" = 0 ] || [ "$state" = failed ] || [ "$owner" = "$INSTANCE_ID" ] || [ "$now" -ge "$expiry" ]; then
      [ "$gen" = 0 ] || log "taking over the migration lease from $owner (lease $gen: $state, expiry $expiry, now $now)"
      rc=0
      lease_write "$((gen + 1))" running || rc=$?
      if [ "$rc" = 0 ]; then migrate "$((gen + 1))"; return; fi
      log "another host took lease $((gen + 1)) first"
    else
      log "waiting for $owner to migrate the database to $DIFY_VERSION (lease $gen until $expiry, now $now)"
    fi
    [ "$(date +%s)" -lt "$deadline" ] ||
      die "no host finished the migration to $DIFY_VERSION within $((WAIT_SECONDS / 60)) minutes; $lease_base/lease-$gen is held by $owner ($state); see its boot log"
    sleep 30
  done
}
migrate_once
rm -f "$lease_file"

# The managed tier uses RDS and ElastiCache. The database and vector store
# containers sit behind profiles that COMPOSE_PROFILES leaves off; redis has
# no profile, so the service list leaves it out, and --no-deps keeps Compose
# from starting it for api and worker.
mapfile -t services < <(docker compose config --services | grep -vxE '@@BUNDLED@@')
# An empty list would mean every service, redis included.
[ "${#services[@]}" -gt 0 ] || die "docker compose config lists no services in $CURRENT"
retry 3 docker compose up -d --remove-orphans --no-deps "${services[@]}"
