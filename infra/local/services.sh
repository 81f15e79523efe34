#!/usr/bin/env bash
# Makes sure the engines ReelPipe runs on are up on loopback: PostgreSQL, RabbitMQ, Redis, an S3-compatible server
# (s3proxy on a filesystem backend) and the CDN edge (nginx proxy_cache in front of S3).
#
#   infra/local/services.sh ensure   install what is missing, start what is stopped, wait until healthy (idempotent)
#   infra/local/services.sh stop     stop the s3proxy and nginx this script started (shared engines are left running)
#   infra/local/services.sh status   one line per engine
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"

S3_PORT="${REELPIPE_S3_PORT:-9000}"
CDN_PORT="${REELPIPE_CDN_PORT:-8088}"
S3_ACCESS_KEY="${REELPIPE_S3_ACCESS_KEY:-reelpipe}"
S3_SECRET_KEY="${REELPIPE_S3_SECRET_KEY:-reelpipe-local-secret}"
S3PROXY_VERSION="4.1.0"
DB_USER="reelpipe"
DB_PASSWORD="reelpipe"

ensure_debian_tools() {
  # libpulse0: the bytedeco ffmpeg binary links against it. openssl: bin/reelpipe signs development tokens.
  apt_install libpulse0 openssl curl
  # Node.js runs the official tus-js-client in upload-api's tests.
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  # The web page's tests drive Debian's chromium with Debian's chromedriver (nothing downloads a browser).
  { command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || apt_install chromium chromium-driver
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local version
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for PostgreSQL 60 pg_isready -q -h 127.0.0.1 -p 5432
  fi
  local sql="DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB;
      END IF;
    END \$\$;"
  run_psql postgres -c "$sql" >/dev/null
  local db
  for db in reelpipe reelpipe_test; do
    if [ "$(run_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
      run_psql postgres -c "CREATE DATABASE $db OWNER $DB_USER" >/dev/null
    fi
  done
}

# run_psql DB ARGS...: psql as the database superuser, over the socket (peer auth on a fresh install, trust here).
run_psql() {
  local db="$1"
  shift
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d "$db" "$@")
  else
    psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$db" "$@"
  fi
}

ensure_rabbitmq() {
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
  if ! rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    log "starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1 || true
    wait_for RabbitMQ 120 rabbitmq-diagnostics -q check_port_connectivity
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" != "PONG" ]; then
    log "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for Redis 30 sh -c '[ "$(redis-cli -h 127.0.0.1 ping)" = PONG ]'
  fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_s3() {
  local dir="$REELPIPE_VAR/s3proxy" jar="$REELPIPE_VAR/tools/s3proxy-$S3PROXY_VERSION.jar"
  mkdir -p "$dir/data" "$REELPIPE_VAR/tools"
  if [ ! -f "$jar" ]; then
    log "fetching s3proxy $S3PROXY_VERSION from Maven Central"
    use_java25
    # Run outside the reactor: fetching a tool must not need the project to build.
    (cd "$REELPIPE_VAR/tools" && mvnw dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$REELPIPE_VAR/tools" -Dmdep.stripClassifier=true)
  fi
  cat >"$dir/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/data
CONF
  if ! port_open "$S3_PORT"; then
    use_java25
    log "starting s3proxy on 127.0.0.1:$S3_PORT"
    setsid "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" --properties "$dir/s3proxy.conf" </dev/null >"$dir/s3proxy.log" 2>&1 &
    echo $! >"$dir/s3proxy.pid"
    wait_for s3proxy 60 port_open "$S3_PORT"
  fi
}

ensure_cdn() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx-light
  local dir="$REELPIPE_VAR/nginx" user_line=""
  mkdir -p "$dir/logs" "$dir/cache" "$dir/tmp"
  # nginx started by root drops its workers to nobody, which could not write the cache under this folder.
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  sed -e "s|@USER_LINE@|$user_line|" -e "s|@CDN_PORT@|$CDN_PORT|g" -e "s|@S3_PORT@|$S3_PORT|g" \
    -e "s|@DIR@|$dir|g" "$REELPIPE_ROOT/infra/cdn/nginx.conf" >"$dir/nginx.conf"
  /usr/sbin/nginx -t -q -p "$dir" -c "$dir/nginx.conf" -g "pid $dir/nginx.pid;" 2>/dev/null ||
    die "the CDN edge config $dir/nginx.conf is invalid: $(/usr/sbin/nginx -t -p "$dir" -c "$dir/nginx.conf" 2>&1 | tail -2)"
  if pid_alive "$dir/nginx.pid"; then
    /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -s reload -g "pid $dir/nginx.pid;" 2>/dev/null
  elif port_open "$CDN_PORT"; then
    # Another checkout's edge (same config) already serves this port; two edges cannot share it.
    curl -fsS --max-time 2 "http://127.0.0.1:$CDN_PORT/healthz" >/dev/null ||
      die "port $CDN_PORT is taken by something that is not a ReelPipe CDN edge"
  else
    log "starting the CDN edge (nginx) on 127.0.0.1:$CDN_PORT"
    /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -g "pid $dir/nginx.pid;"
  fi
  wait_for "CDN edge" 30 port_open "$CDN_PORT"
}

stop_own() {
  local dir="$REELPIPE_VAR"
  if pid_alive "$dir/nginx/nginx.pid"; then
    /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s quit -g "pid $dir/nginx/nginx.pid;" || true
  fi
  if pid_alive "$dir/s3proxy/s3proxy.pid"; then
    kill "$(cat "$dir/s3proxy/s3proxy.pid")" || true
  fi
}

status() {
  printf 'postgresql %s\n' "$(pg_isready -q -h 127.0.0.1 -p 5432 && echo up || echo down)"
  printf 'rabbitmq   %s\n' "$(port_open 5672 && echo up || echo down)"
  printf 'redis      %s\n' "$([ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ] && echo up || echo down)"
  printf 's3         %s\n' "$(port_open "$S3_PORT" && echo "up http://127.0.0.1:$S3_PORT" || echo down)"
  printf 'cdn        %s\n' "$(port_open "$CDN_PORT" && echo "up http://127.0.0.1:$CDN_PORT" || echo down)"
}

case "${1:-ensure}" in
  ensure)
    ensure_debian_tools
    ensure_postgres
    ensure_rabbitmq
    ensure_redis
    ensure_s3
    ensure_cdn
    ;;
  stop) stop_own ;;
  status) status ;;
  *) die "usage: $0 ensure|stop|status" ;;
esac
