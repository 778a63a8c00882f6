#!/usr/bin/env bash
# Runs `switchboard bench` against a throwaway Dovecot on loopback and writes its JSON to OUT, with the machine's
# load average before and after (other work on the machine skews the figures: report them together).
#
#   deploy/bench/run.sh OUT [--mails N] [--live-rate R] [--live-seconds S] [--after-import keep|seen|move]
#                           [--xmx SIZE] [--jfr] [--runs K] [--live-delivery maildir|append] [--coordinators N]
#
# --live-delivery: how the live scenario's mails arrive. maildir (the default) writes them into Dovecot's Maildir as a
# delivery agent does (tmp/, then new/), which Dovecot announces to the service's IDLE; append sends each one with IMAP
# APPEND over up to 32 connections, which on two cores cannot offer more than about 50 mails/s.
# --jfr records a profile to OUT.jfr (settings=profile) and writes its summary (deploy/bench/jfr-summary.py) to
# OUT.jfr.txt. --coordinators N gives the mailbox N coordinators, each told of every new ticket and reply (default 0).
# --runs K repeats the run K times (OUT.1, OUT.2, ...) and writes min/median/max of each figure to OUT.
# Progress and the service's logs go to OUT.log. Build first: mvn -B -ntp -q -o -DskipTests package
set -euo pipefail

out=${1:?usage: run.sh OUT [--mails N] [--live-rate R] [--live-seconds S] [--jfr] [--runs K]}
shift
mails=5000 rate=100 seconds=10 after=keep xmx= jfr=0 runs=1 delivery=maildir coordinators=0
while (($#)); do
  case $1 in
    --mails) mails=$2; shift 2 ;;
    --live-rate) rate=$2; shift 2 ;;
    --live-seconds) seconds=$2; shift 2 ;;
    --after-import) after=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --jfr) jfr=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --coordinators) coordinators=$2; shift 2 ;;
    --live-delivery)
      [[ $2 == maildir || $2 == append ]] || { echo "--live-delivery must be maildir or append, not: $2" >&2; exit 2; }
      delivery=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=${SWITCHBOARD_JAR:-}
if [[ -z $jar ]]; then
  for candidate in "$repo"/demo/target/switchboard-demo.jar; do  # bench is in the demo jar only
    [[ -f $candidate ]] && { jar=$candidate; break; }
  done
fi
[[ -n $jar && -f $jar ]] || { echo "no switchboard jar; build with: mvn -B -ntp -q -o -DskipTests package" >&2; exit 1; }
work=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
chmod 755 "$work"  # Dovecot runs its mail processes as nobody when started as root
port=$("$here/dovecot.sh" start "$work/dovecot")
trap '"$here/dovecot.sh" stop "$work/dovecot"; rm -rf "$work"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }

one() {
  # a JVM out of heap ends the run instead of hanging on the threads still alive
  local target=$1 jvm=(-XX:+ExitOnOutOfMemoryError)
  [[ -n $xmx ]] && jvm+=("-Xmx$xmx")
  local via=()
  # Dovecot's mail_location is maildir:DIR/mail/%n, %n being the login's local part
  [[ $delivery == maildir ]] && via=(--maildir "$work/dovecot/mail/support")
  ((jfr)) && jvm+=("-XX:StartFlightRecording=filename=$target.jfr,settings=profile,dumponexit=true" "-Xlog:jfr+startup=off")
  "$here/dovecot.sh" stop "$work/dovecot"
  "$here/dovecot.sh" start "$work/dovecot" "$port" > /dev/null
  local before; before=$(load)
  java "${jvm[@]}" -jar "$jar" bench --imap "127.0.0.1:$port" --imap-user support@bench.test --imap-password bench \
    --mails "$mails" --live-rate "$rate" --live-seconds "$seconds" --after-import "$after" --scheduler-tickets 0 \
    --coordinators "$coordinators" \
    "${via[@]}" --json > "$target.raw" 2>> "$out.log"
  # the JSON object is the last thing on standard output; anything the JVM printed before it is skipped
  sed -n '/^{/,$p' "$target.raw" > "$work/bench.json"
  jq --arg before "$before" --arg after "$(load)" --arg imap "$(dovecot --version | cut -d' ' -f1)" \
    --arg finished "$(date -u +%FT%TZ)" --arg commit "$(git -C "$repo" rev-parse --short HEAD)" \
    --arg delivery "$delivery" \
    '. + {loadAverageBefore: $before, loadAverageAfter: $after, imapServer: ("Dovecot " + $imap), commit: $commit,
          liveDelivery: $delivery, finishedAt: $finished}' "$work/bench.json" > "$target"
  ((jfr)) && python3 "$here/jfr-summary.py" "$target.jfr" > "$target.jfr.txt"
  return 0
}

: > "$out.log"
if ((runs == 1)); then
  one "$out"
else
  for k in $(seq "$runs"); do one "$out.$k"; done
  # min/median/max of every number in the scenarios, over the runs
  jq -s '{runs: length, loadAverages: map(.loadAverageBefore + " -> " + .loadAverageAfter),
          backlogShareOfCeiling: (map(.backlogShareOfCeiling) | sort | {min: .[0], median: .[length/2|floor], max: .[-1]}),
          rawFetchMailsPerSecond: (map(.ceiling.rawFetchMailsPerSecond) | sort | {min: .[0], median: .[length/2|floor], max: .[-1]}),
          scenarios: ([.[].scenarios[]] | group_by(.scenario) | map({scenario: .[0].scenario} + (
            [.[0] | to_entries[] | select(.value | type == "number") | .key] as $keys | . as $rs |
            reduce $keys[] as $k ({}; . + {($k): ($rs | map(.[$k]) | sort | {min: .[0], median: .[length/2|floor], max: .[-1]})}))))}' \
    $(for k in $(seq "$runs"); do echo "$out.$k"; done) > "$out"
fi
cat "$out"
