#!/usr/bin/env bash
# Podman for `npm run test:podman` (docs/podman-trial.md): lab 1 on rootful Podman 4.3 through its
# Docker-compatible socket, beside the Docker engine the rest of the tests use.
#
#   scripts/podman.sh start   install podman (apt, Debian as root), start `podman system service` on
#                             /run/podman/podman.sock with rlimits that fit this machine, load the stand-in
#                             and lab-kit images from Docker, and, without systemd, run the health checks
#   scripts/podman.sh stop    stop all of it, remove Podman's containers, images and networks, and the
#                             firewall rules netavark leaves behind when the ruleset was empty before
#
# Never run it beside a Docker-heavy job: Podman's stacks publish lab 1's ports too (take the lock).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${BREAKFIX_PODMAN_STATE:-/tmp/breakfix-podman}
SOCKET=/run/podman/podman.sock
IMAGES="postgres:16-alpine redis:7-alpine prom/prometheus:v2.53.0 node:20-alpine"
say() { echo "podman.sh: $*" >&2; }

start() {
  mkdir -p "$STATE"
  if ! command -v podman >/dev/null; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || { say "podman is not installed and this is not a Debian root machine to install it on"; exit 3; }
    say "installing podman from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 podman >/dev/null
  fi
  command -v nft >/dev/null && nft list ruleset > "$STATE/ruleset.before" 2>/dev/null || true
  # Podman asks runc for more open files and processes than a container host with low hard limits allows
  # (`error setting rlimit type 7: operation not permitted`): keep every container within this shell's.
  local nofile nproc
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$nofile" "$nofile" "$nproc" "$nproc" > "$STATE/containers.conf"
  export CONTAINERS_CONF="$STATE/containers.conf"
  if ! curl -sf --max-time 3 --unix-socket "$SOCKET" http://podman/_ping >/dev/null 2>&1; then
    mkdir -p "$(dirname "$SOCKET")"
    nohup podman system service --time=0 "unix://$SOCKET" > "$STATE/service.log" 2>&1 &
    echo $! > "$STATE/service.pid"
    for _ in $(seq 1 60); do curl -sf --max-time 2 --unix-socket "$SOCKET" http://podman/_ping >/dev/null 2>&1 && break; sleep 0.5; done
    curl -sf --max-time 3 --unix-socket "$SOCKET" http://podman/_ping >/dev/null || { say "the Podman service did not answer; see $STATE/service.log"; tail -20 "$STATE/service.log" >&2; exit 1; }
  fi
  say "service: podman $(podman version --format '{{.Server.Version}}') on $SOCKET"
  # No registry here: the images come from the Docker engine (the lab kit's too, so Podman does not rebuild it).
  local kit
  kit=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 'breakfix-lab-kit' | head -1)
  for i in $IMAGES $kit; do
    podman image exists "$i" 2>/dev/null || docker save "$i" | podman load -q >/dev/null
  done
  say "images: $IMAGES $kit"
  # Podman 4.3 runs health checks from systemd timers; without systemd nothing runs them and a service stays
  # "starting", so Compose waits for ever. Run them every second instead.
  if [ ! -d /run/systemd/system ] && ! { [ -f "$STATE/health.pid" ] && kill -0 "$(cat "$STATE/health.pid")" 2>/dev/null; }; then
    nohup bash -c 'while :; do for id in $(podman ps -q --filter health=starting; podman ps -q --filter health=healthy; podman ps -q --filter health=unhealthy); do timeout 5 podman healthcheck run "$id" >/dev/null 2>&1 & done; wait; sleep 1; done' > /dev/null 2>&1 &
    echo $! > "$STATE/health.pid"
    say "no systemd: running the containers' health checks every second (pid $(cat "$STATE/health.pid"))"
  fi
}

stop() {
  export CONTAINERS_CONF="$STATE/containers.conf"
  for p in health service; do
    [ -f "$STATE/$p.pid" ] && kill "$(cat "$STATE/$p.pid")" 2>/dev/null || true
    rm -f "$STATE/$p.pid"
  done
  command -v podman >/dev/null && podman system reset -f >/dev/null 2>&1 || true
  rm -f "$SOCKET"
  # netavark adds nftables rules (NAT for published ports, network isolation) and does not remove them all.
  if command -v nft >/dev/null && [ -f "$STATE/ruleset.before" ] && [ ! -s "$STATE/ruleset.before" ]; then
    nft flush ruleset && say "removed the firewall rules netavark left (the ruleset was empty before)"
  elif command -v nft >/dev/null && nft list ruleset 2>/dev/null | grep -q NETAVARK; then
    say "warning: netavark's NETAVARK chains are still in the firewall; the ruleset was not empty before, so they were left for you"
  fi
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/podman.sh start|stop" >&2; exit 2 ;;
esac
