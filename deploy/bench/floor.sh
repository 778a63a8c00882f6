#!/usr/bin/env bash
# The database's floor for the bench's mail: how many new mails per second PostgreSQL alone takes on this machine
# when every row the service writes for one is written the cheapest way we know (floor/intake.sql: 50 mails per
# transaction, one set-based statement per table) and the outbox is sent as the sender marks it (floor/setup.sql).
# No JVM, no IMAP, no parsing, no SMTP: what is left of the machine after this is what the rest of the service has.
#
#   deploy/bench/floor.sh [--seconds S] [--clients C] [--coordinators N] [--pg-bin DIR]
#
# It starts a throwaway PostgreSQL with the settings of the service's durable embedded one (fsync, synchronous
# commit and full-page writes on), applies the service's migrations (store/src/main/resources/db/migration), runs
# pgbench for S seconds (default 30) with C clients (default 4), once without and once with the sender, and prints
# mails/s and the machine's busy cores (from /proc/stat) for each. --pg-bin is the server's bin directory (default:
# the embedded PostgreSQL the service unpacked under /tmp/embedded-pg, else Debian's /usr/lib/postgresql/*/bin);
# psql and pgbench come from Debian's postgresql-client. As root the server runs as nobody.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=30 clients=4 coordinators=2 bin=
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --coordinators) coordinators=$2; shift 2 ;;
    --pg-bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $coordinators =~ ^[0-9]+$ ]] || { echo "--coordinators must be 0 or more, was $coordinators" >&2; exit 2; }
if [[ -z $bin ]]; then
  bin=$(ls -d /tmp/embedded-pg/PG-*/bin 2>/dev/null | head -1 || true)
  [[ -n $bin ]] || bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
[[ -x $bin/initdb && -x $bin/pg_ctl ]] || {
  echo "no PostgreSQL server found: run the service once (it unpacks one under /tmp/embedded-pg) or pass --pg-bin" >&2
  exit 1
}
command -v pgbench >/dev/null && command -v psql >/dev/null || {
  echo "pgbench and psql not found: apt-get install -y postgresql-client" >&2
  exit 1
}

work=$(mktemp -d /tmp/switchboard-floor.XXXXXX)
chmod 755 "$work"
as=()
if [[ $(id -u) == 0 ]]; then
  chown nobody "$work"
  as=(runuser -u nobody --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on" start \
  >/dev/null || { cat "$work/server.log" >&2; exit 1; }
export PGOPTIONS='-c client_min_messages=warning'
sql=(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1)
migrations=$root/store/src/main/resources/db/migration
for f in $(cd "$migrations" && ls V*__*.sql | sort -k1.2n); do
  "${sql[@]}" -f "$migrations/$f" >/dev/null
done
"${sql[@]}" -f "$here/floor/setup.sql" >/dev/null
if [[ $coordinators == 0 ]]; then
  grep -v -- '-- coordinators' "$here/floor/intake.sql" > "$work/intake.sql"
else
  sed "s/generate_series(1, 2) c/generate_series(1, $coordinators) c/" "$here/floor/intake.sql" > "$work/intake.sql"
fi

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
run() {
  local name=$1; shift
  "${sql[@]}" -c "truncate raw_message, ticket, contact, outbox, notification, attachment_blob, attachment_chunk cascade" -c "vacuum analyze" >/dev/null
  read -r b0 t0 < <(busy)
  local out
  out=$(pgbench -h 127.0.0.1 -p "$port" -U postgres -n -T "$seconds" -c "$clients" -j "$clients" "$@" postgres 2>&1)
  read -r b1 t1 < <(busy)
  local groups pending
  if grep -q 'SQL script 1' <<<"$out"; then
    # several scripts: the intake's own count, from its section
    groups=$(grep -A3 'intake.sql' <<<"$out" | grep -o '[0-9]* transactions' | head -1 | cut -d' ' -f1 || true)
  else
    groups=$(grep -o 'number of transactions actually processed: [0-9]*' <<<"$out" | grep -o '[0-9]*$' || true)
  fi
  [[ -n $groups ]] || { echo "pgbench failed:" >&2; echo "$out" >&2; exit 1; }
  pending=$("${sql[@]}" -Atc "select count(*) from outbox where state = 'pending'")
  printf '| %s | %d | %.2f | %s |\n' "$name" $((groups * 50 / seconds)) \
    "$(echo "$nproc_all * ($b1 - $b0) / ($t1 - $t0)" | bc -l)" "$pending"
}
nproc_all=$(nproc)
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), $clients clients, $seconds s, $coordinators coordinators, $nproc_all cores"
echo
echo "| scenario | new mails/s | busy cores | outbox still pending at the end |"
echo "|---|---|---|---|"
run "intake only" -f "$work/intake.sql"
if [[ $coordinators == 0 ]]; then
  run "intake and sending" -f "$work/intake.sql@1" -f "$here/floor/send-people.sql@1"
else
  run "intake and sending" -f "$work/intake.sql@1" -f "$here/floor/send-people.sql@1" \
    -f "$here/floor/send-notifications.sql@2"
fi
