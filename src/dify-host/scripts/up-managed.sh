# Several hosts share one database, so MIGRATION_ENABLED is false and exactly
# one host migrates per version: the one whose put-parameter (no --overwrite)
# creates migrations/<version>. The others wait until it says "done".
migrate_once() {
  local lock="${SSM_PREFIX}migrations/$DIFY_VERSION" state err
  state=$(param "$lock" 2>/dev/null || true)
  [ "$state" = "done" ] && return
  if [ -z "$state" ]; then
    if err=$(aws ssm put-parameter --name "$lock" --type String \
      --value "running on $INSTANCE_ID since $(date -u +%FT%TZ)" 2>&1 >/dev/null); then
      log "migrating the database to $DIFY_VERSION"
      # The image's entrypoint ignores arguments, hence --entrypoint. Not
      # `flask upgrade-db`: it exits 0 even when the migration fails.
      if docker compose run --rm --no-deps --entrypoint flask api db upgrade; then
        aws ssm put-parameter --name "$lock" --type String --value "done" --overwrite >/dev/null
        return
      fi
      aws ssm delete-parameter --name "$lock" || true
      die "the migration to $DIFY_VERSION failed (above); lock released, restart dify.service to retry"
    fi
    [[ $err == *ParameterAlreadyExists* ]] || die "cannot take the migration lock $lock: $err"
  fi
  log "waiting for another host to migrate the database to $DIFY_VERSION"
  for _ in $(seq 240); do
    [ "$(param "$lock" 2>/dev/null || true)" = "done" ] && return
    sleep 15
  done
  die "no host finished the migration within an hour; see the host named in $lock, delete it to retry"
}
migrate_once

# The managed tier uses RDS and ElastiCache. The database and vector store
# containers sit behind profiles that COMPOSE_PROFILES leaves off; redis has
# no profile, so the service list leaves it out, and --no-deps keeps Compose
# from starting it for api and worker.
mapfile -t services < <(docker compose config --services | grep -vxE '@@BUNDLED@@')
# An empty list would mean every service, redis included.
[ "${#services[@]}" -gt 0 ] || die "docker compose config lists no services in $CURRENT"
docker compose up -d --remove-orphans --no-deps "${services[@]}"
