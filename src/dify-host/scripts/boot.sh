#!/bin/bash
# Boot script of a Dify host, rendered by dify-on-aws-cdktf (docs/dify-host.md).
# Every step is safe to run again: sudo dify-boot
set -euo pipefail
umask 022
exec > >(tee -a /var/log/dify-boot.log) 2>&1
install -d -m 0755 /etc/dify /usr/local/lib/dify /usr/local/sbin /opt/dify/releases
# cloud-init runs a copy of the (possibly gzipped) user data; keep one to re-run.
[ "$0" -ef /usr/local/sbin/dify-boot ] || install -m 0700 "$0" /usr/local/sbin/dify-boot
cat >/etc/dify/host.env <<'DIFY_EOF'
@@HOST_ENV@@
DIFY_EOF
@@FILES@@
# shellcheck source=/dev/null
. /usr/local/lib/dify/lib.sh
umask 022
trap 'log "boot FAILED at line $LINENO: $BASH_COMMAND. Dify is not running. Fix the cause (above), then run: sudo dify-boot"' ERR
offline() {
  die "no internet access (network.nat is \"none\"), so this host cannot download $1. Set network.nat to \"single\" or \"per-az\", or use an AMI that has the Compose plugin, /opt/dify/releases/$DIFY_VERSION and Dify's images (docs/dify-host.md, \"Hosts without NAT\")"
}
log "boot: Dify $DIFY_VERSION, $TIER tier"
retry 5 dnf install -y -q docker jq amazon-cloudwatch-agent

# Amazon Linux 2023 has no Compose plugin package: install the pinned release.
if ! docker compose version >/dev/null 2>&1 ||
  { [ "$INTERNET" = true ] && [ "$(docker compose version --short)" != "$COMPOSE_VERSION" ]; }; then
  [ "$INTERNET" = true ] || offline "the Docker Compose plugin"
  arch=$(uname -m) tmp=$(mktemp -d)
  url="https://github.com/docker/compose/releases/download/v$COMPOSE_VERSION/docker-compose-linux-$arch"
  download "$url" "$tmp/docker-compose-linux-$arch" || die "cannot download the Docker Compose plugin $COMPOSE_VERSION"
  download "$url.sha256" "$tmp/sum" || die "cannot download the checksum of the Docker Compose plugin"
  (cd "$tmp" && sha256sum -c --quiet sum) || die "the Docker Compose plugin from $url does not match its checksum"
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
# Only the containers that need the role reach the metadata service, from
# before Docker starts (at every boot) to the end (docs/dify-host.md).
cat >/etc/systemd/system/dify-firewall.service <<'DIFY_EOF'
@@FIREWALL_UNIT@@
DIFY_EOF
systemctl daemon-reload
systemctl enable --now dify-firewall.service
systemctl enable --now docker

cat >/opt/aws/amazon-cloudwatch-agent/etc/dify.json <<DIFY_EOF
@@AGENT_JSON@@
DIFY_EOF
retry 3 /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/dify.json >/dev/null

# The pinned tag's docker/ directory goes into a directory of its own, and
# `current` points at the release in use. Data lives in $DATA_DIR/volumes.
rel=/opt/dify/releases/$DIFY_VERSION
if [ ! -f "$rel/.complete" ]; then
  [ "$INTERNET" = true ] || offline "Dify $DIFY_VERSION from GitHub"
  tmp=$(mktemp -d)
  download "https://github.com/langgenius/dify/archive/refs/tags/$DIFY_VERSION.tar.gz" "$tmp/dify.tar.gz" ||
    die "cannot download Dify $DIFY_VERSION (above; HTTP 404 means it is not a langgenius/dify release tag)"
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
# The SSRF proxy refuses the metadata service, link-local addresses and every
# CIDR block of this VPC, read from the instance metadata.
# One IMDSv2 token (valid 300 s) serves both reads.
imds_token=$(retry 5 curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
imds() { retry 5 curl -sSf -H "X-aws-ec2-metadata-token: $imds_token" "http://169.254.169.254/latest/meta-data/$1"; }
mac=$(imds mac)
VPC_CIDRS=$(imds "network/interfaces/macs/$mac/vpc-ipv4-cidr-blocks")
# One line, a space between blocks.
read -r -d '' -a cidrs <<<"$VPC_CIDRS" || true
VPC_CIDRS=${cidrs[*]}
[[ $VPC_CIDRS =~ ^[0-9./\ ]+$ ]] || die "the instance metadata gave no VPC CIDR blocks (got \"$VPC_CIDRS\")"
cat >@@SSRF_PROXY_CONF_PATH@@ <<DIFY_EOF
@@SSRF_PROXY_CONF@@DIFY_EOF
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
