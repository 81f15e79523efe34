# Shared shell helpers for bin/reelpipe and infra/local/services.sh: paths, JDK choice, logging.
# shellcheck shell=bash

REELPIPE_ROOT="${REELPIPE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
REELPIPE_VAR="${REELPIPE_VAR:-$REELPIPE_ROOT/var}"
export REELPIPE_ROOT REELPIPE_VAR

log() { printf '[reelpipe] %s\n' "$*" >&2; }
die() { printf '[reelpipe] error: %s\n' "$*" >&2; exit 1; }

# ReelPipe builds and runs on Java 25. JAVA_HOME wins when it is a 25; otherwise the Temurin 25 under /usr/lib/jvm.
find_java25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

use_java25() {
  local home
  home="$(find_java25)" || die "ReelPipe needs a Java 25 JDK (set JAVA_HOME to one, e.g. /usr/lib/jvm/temurin-25-jdk-amd64)"
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# apt_install PKG...: installs Debian packages that are missing (needs root or sudo).
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds or the time is up.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready within ${seconds}s"
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mvnw() { "$REELPIPE_ROOT/mvnw" -q -B "$@"; }
