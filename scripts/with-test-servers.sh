#!/usr/bin/env bash
# Starts throwaway Redis and PostgreSQL servers on loopback, on free ports, in a temporary
# folder; runs COMMAND with their URLs in the environment; stops them and removes the folder.
#
#   scripts/with-test-servers.sh COMMAND...
#
# COMMAND sees CACHEBOOK_TEST_REDIS_URL and CACHEBOOK_TEST_POSTGRES_URL, plus a second Redis
# for the test that restarts one, CACHEBOOK_TEST_SPARE_REDIS_URL, and
# CACHEBOOK_TEST_SPARE_REDIS_RESTART, a script that restarts it, empty, on the same port.
# CACHEBOOK_TEST_POSTGRES_PASSWORD_URL names a second PostgreSQL role, with its password: the
# main role logs in without one (trust), this one only with its password (scram-sha-256).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/require-packages.sh cmd:redis-server:redis-server cmd:redis-cli:redis-tools 'path:/usr/lib/postgresql/*/bin/initdb:postgresql'
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

dir=$(mktemp -d /tmp/cachebook-servers.XXXXXX)
chmod 755 "$dir"
redis_port="" spare_port="" run_pg=()
stop() {
  for port in $redis_port $spare_port; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  [ -d "$dir/pg" ] && "${run_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
# Shows a server's log and stops: a server that did not start must not let tests run on nothing.
fail() { echo "error: $1" >&2; cat "$2" >&2 2>/dev/null || true; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
redis_port=$(free_port)
spare_port=$(free_port)
pg_port=$(free_port)
[ "$redis_port" != "$spare_port" ] && [ "$redis_port" != "$pg_port" ] && [ "$spare_port" != "$pg_port" ] || fail "the same free port twice; run again" /dev/null

# PostgreSQL refuses to run as root; it runs as the `postgres` user the package creates.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent postgres
  run_pg=(runuser -u postgres --)
fi
mkdir -p "$dir/pg" "$dir/run"
[ ${#run_pg[@]} -eq 0 ] || chown postgres "$dir/pg" "$dir/run"

redis_args() {
  echo --port "$1" --bind 127.0.0.1 --save '""' --appendonly no --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis-$1.pid" --logfile "$dir/redis-$1.log"
}
eval redis-server "$(redis_args "$redis_port")"
eval redis-server "$(redis_args "$spare_port")"
cat >"$dir/restart-redis.sh" <<RESTART
#!/usr/bin/env bash
# The new server must not inherit its caller's pipes, or whoever reads them waits for ever.
for fd in \$(ls /proc/\$\$/fd); do [ "\$fd" -gt 2 ] && [ "\$fd" -ne 255 ] && eval "exec \$fd>&-" 2>/dev/null; done
redis-cli -p $spare_port shutdown nosave >/dev/null 2>&1 || true
sleep 0.2
redis-server $(redis_args "$spare_port")
for _ in \$(seq 50); do redis-cli -p $spare_port ping >/dev/null 2>&1 && exit 0; sleep 0.1; done
exit 1
RESTART
chmod +x "$dir/restart-redis.sh"

"${run_pg[@]}" "$pgbin/initdb" -D "$dir/pg" -U cachebook --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
  || fail "initdb failed" "$dir/initdb.log"
# The first matching line wins, so the password rule goes above initdb's trust lines.
password_role=cachebook_password password=test-password
"${run_pg[@]}" sed -i "1i host all $password_role 127.0.0.1/32 scram-sha-256" "$dir/pg/pg_hba.conf"
"${run_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/run/postgres.log" -w \
  -o "-p $pg_port -k $dir/run -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || fail "PostgreSQL did not start" "$dir/run/postgres.log"

"${run_pg[@]}" "$pgbin/psql" -h "$dir/run" -p "$pg_port" -U cachebook -d postgres -qv ON_ERROR_STOP=1 \
  -c "CREATE ROLE $password_role LOGIN PASSWORD '$password'" -c "GRANT CREATE ON DATABASE postgres TO $password_role" >"$dir/role.log" 2>&1 \
  || fail "the password role was not created" "$dir/role.log"

for port in "$redis_port" "$spare_port"; do
  answered=""
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && answered=yes && break; sleep 0.1; done
  [ -n "$answered" ] || fail "Redis did not start on port $port" "$dir/redis-$port.log"
done

export CACHEBOOK_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export CACHEBOOK_TEST_POSTGRES_URL="postgres://cachebook@127.0.0.1:$pg_port/postgres"
export CACHEBOOK_TEST_POSTGRES_PASSWORD_URL="postgres://$password_role:$password@127.0.0.1:$pg_port/postgres"
export CACHEBOOK_TEST_SPARE_REDIS_URL="redis://127.0.0.1:$spare_port/0"
export CACHEBOOK_TEST_SPARE_REDIS_RESTART="$dir/restart-redis.sh"
echo "Test servers: $CACHEBOOK_TEST_REDIS_URL and $CACHEBOOK_TEST_POSTGRES_URL" >&2
"$@"
