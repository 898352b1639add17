#!/bin/bash
# Boot script of a Dify host, rendered by dify-on-aws-cdktf (docs/dify-host.md).
# Every step is safe to run again: sudo bash /var/lib/cloud/instance/user-data.txt
set -Eeuo pipefail
exec > >(tee -a /var/log/dify-boot.log) 2>&1
install -d -m 0755 /etc/dify /usr/local/lib/dify /opt/dify/releases
cat >/etc/dify/host.env <<'DIFY_EOF'
@@HOST_ENV@@
DIFY_EOF
@@FILES@@
# shellcheck source=/dev/null
. /usr/local/lib/dify/lib.sh
trap 'log "boot FAILED at line $LINENO, Dify is not running. Fix the cause, then run: sudo bash /var/lib/cloud/instance/user-data.txt"' ERR
offline() {
  die "no internet access (network.nat is \"none\"), so this host cannot download $1. Set network.nat to \"single\" or \"per-az\", or use an AMI that has the Compose plugin, /opt/dify/releases/$DIFY_VERSION and Dify's images (docs/dify-host.md, \"Hosts without NAT\")"
}
log "boot: Dify $DIFY_VERSION, $TIER tier"
dnf install -y -q docker jq amazon-cloudwatch-agent

# Amazon Linux 2023 has no Compose plugin package: install the pinned release.
if ! docker compose version >/dev/null 2>&1 ||
  { [ "$INTERNET" = true ] && [ "$(docker compose version --short)" != "$COMPOSE_VERSION" ]; }; then
  [ "$INTERNET" = true ] || offline "the Docker Compose plugin"
  arch=$(uname -m) tmp=$(mktemp -d)
  url="https://github.com/docker/compose/releases/download/v$COMPOSE_VERSION/docker-compose-linux-$arch"
  curl -fsSL --retry 5 -o "$tmp/docker-compose-linux-$arch" "$url"
  curl -fsSL --retry 5 -o "$tmp/sum" "$url.sha256"
  (cd "$tmp" && sha256sum -c sum)
  install -D -m 0755 "$tmp/docker-compose-linux-$arch" /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$tmp"
fi
@@DATA_VOLUME@@
# Container logs go to CloudWatch Logs; `docker logs` still works (dual logging).
install -d /etc/docker
cat >/etc/docker/daemon.json.new <<DIFY_EOF
@@DAEMON_JSON@@
DIFY_EOF
if cmp -s /etc/docker/daemon.json.new /etc/docker/daemon.json; then
  rm /etc/docker/daemon.json.new
else
  mv /etc/docker/daemon.json.new /etc/docker/daemon.json
  systemctl try-restart docker
fi
systemctl enable --now docker

cat >/opt/aws/amazon-cloudwatch-agent/etc/dify.json <<DIFY_EOF
@@AGENT_JSON@@
DIFY_EOF
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/dify.json >/dev/null

# The pinned tag's docker/ directory goes into a directory of its own, and
# `current` points at the release in use. Data lives in $DATA_DIR/volumes.
rel=/opt/dify/releases/$DIFY_VERSION
if [ ! -f "$rel/.complete" ]; then
  [ "$INTERNET" = true ] || offline "Dify $DIFY_VERSION from GitHub"
  tmp=$(mktemp -d)
  curl -fsSL --retry 5 -o "$tmp/dify.tar.gz" "https://github.com/langgenius/dify/archive/refs/tags/$DIFY_VERSION.tar.gz" ||
    die "cannot download Dify $DIFY_VERSION: is it a langgenius/dify release tag?"
  mkdir "$tmp/docker"
  tar -xzf "$tmp/dify.tar.gz" -C "$tmp/docker" --strip-components=2 "dify-$DIFY_VERSION/docker"
  for f in docker-compose.yaml .env.example; do
    [ -f "$tmp/docker/$f" ] || die "the Dify $DIFY_VERSION archive has no docker/$f"
  done
  rm -rf "$rel"
  mv "$tmp/docker" "$rel"
  rm -rf "$tmp"
  touch "$rel/.complete"
fi
install -d -m 0755 "$DATA_DIR/volumes"
if [ ! -L "$rel/volumes" ]; then
  # Upstream ships config files under volumes/ and updates them as a git pull
  # would; it never ships data there.
  if [ -d "$rel/volumes" ]; then
    cp -a "$rel/volumes/." "$DATA_DIR/volumes/"
    rm -rf "$rel/volumes"
  fi
  ln -s "$DATA_DIR/volumes" "$rel/volumes"
fi
cat >"$rel/docker-compose.aws.yaml" <<'DIFY_EOF'
@@COMPOSE_OVERRIDE@@
DIFY_EOF
ln -sfn "$rel" /opt/dify/current.new
mv -T /opt/dify/current.new /opt/dify/current
@@REDIS_USER@@
cat >/etc/systemd/system/dify.service <<'DIFY_EOF'
@@DIFY_SERVICE@@
DIFY_EOF
@@EXTRA_UNITS@@
systemctl daemon-reload
systemctl enable @@ENABLE@@
systemctl reload-or-restart dify.service
@@START_TIMERS@@
docker image prune -af >/dev/null
log "boot: done, Dify $DIFY_VERSION is running"
