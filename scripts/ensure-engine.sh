#!/usr/bin/env bash
# Makes sure a Docker engine answers, then writes .tools/engine.env for the tests and `npm start`.
# On Debian as root (CI and the project's own machines) it installs and starts one when none runs:
# docker.io + docker-compose from apt, dockerd with vfs, and stand-in images when no registry is reachable.
# Exit 0: engine ready. Exit 3: no engine and nothing to install it with (outside CI: a reason to skip).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools
ENV_FILE=.tools/engine.env
[ -x /usr/bin/docker ] && export PATH=/usr/bin:$PATH   # the 20.10 client, not a newer one without an engine
export PATH="$PATH:/usr/sbin:/sbin"                      # dockerd lives in /usr/sbin, which a minimal PATH lacks
say() { echo "ensure-engine: $*" >&2; }

engine_up() { docker info >/dev/null 2>&1; }

if ! engine_up; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "no Docker engine answers (docker info failed) and this is not a Debian root machine to install one on."
    say "start Docker Desktop or dockerd, or set DOCKER_HOST."
    exit 3
  fi
  if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
    say "installing docker.io and docker-compose from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 docker.io docker-compose >/dev/null \
      || { say "apt-get install docker.io docker-compose failed"; exit 3; }
    export PATH=/usr/bin:$PATH
  fi
  say "starting dockerd (vfs storage, no iptables)"
  nohup dockerd --iptables=false --storage-driver=vfs >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 120); do engine_up && break; sleep 0.5; done
  engine_up || { say "dockerd did not come up; last lines of /tmp/dockerd.log:"; tail -20 /tmp/dockerd.log >&2; exit 3; }
fi
say "engine: Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# Images a registry would give. Stand-ins (imported, so without RepoDigests) mean: no registry here.
IMAGES="postgres:16-alpine redis:7-alpine prom/prometheus:v2.53.0 node:20-alpine"
missing=""
for i in $IMAGES; do docker image inspect "$i" >/dev/null 2>&1 || missing="$missing $i"; done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! timeout 5 docker pull -q hello-world:latest >/dev/null 2>&1; then
  say "no registry reachable and missing:$missing; building local stand-ins"
  bash scripts/standin-images.sh >/tmp/standin-images.log 2>&1 || { say "stand-in build failed; see /tmp/standin-images.log"; tail -20 /tmp/standin-images.log >&2; exit 1; }
fi

# Stand-in images (no registry): the one npm install of the labs, the lab kit's image, needs the host
# network and the machine's CA to reach npm through its proxy. Lab services only copy their src/.
build_env=""
if [ "$(docker image inspect -f '{{len .RepoDigests}}' node:20-alpine 2>/dev/null)" = 0 ]; then
  build_env='export BREAKFIX_BUILD_NETWORK=host BREAKFIX_BUILD_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
fi
cat > "$ENV_FILE" <<ENV
export PATH="$PATH"
export COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1
$build_env
ENV
if [ -n "$build_env" ]; then say "wrote $ENV_FILE (the kit image builds on the host network with the machine CA)"; else say "wrote $ENV_FILE"; fi
