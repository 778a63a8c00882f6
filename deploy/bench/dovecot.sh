#!/usr/bin/env bash
# A throwaway Dovecot on loopback for `switchboard bench`: plain-text login, one maildir per user under DIR/mail,
# any user name accepted with the password "bench". The mailbox starts empty; the bench itself appends its mail mix
# (N generated mails, a fifth of them replies, one in ten with an attachment) over IMAP, so Dovecot stores them in
# the maildir as any delivered mail; run.sh has the live scenario write its mails into DIR/mail/<user>/new instead.
#
#   deploy/bench/dovecot.sh start DIR [PORT]   prints the port it listens on (default: a free one)
#   deploy/bench/dovecot.sh stop DIR
#
# As root, Dovecot drops to Debian's dovecot/dovenull users and the mail is owned by nobody; as anyone else it runs
# as that user. Needs Debian's dovecot-imapd (/usr/sbin/dovecot).
set -euo pipefail

cmd=${1:?usage: dovecot.sh start|stop DIR [PORT]}
dir=${2:?usage: dovecot.sh start|stop DIR [PORT]}

if [[ $cmd == stop ]]; then
  [[ -f $dir/dovecot.conf ]] && doveadm -c "$dir/dovecot.conf" stop 2>/dev/null || true
  for _ in $(seq 100); do
    [[ -f $dir/base/master.pid ]] || exit 0
    sleep 0.1
  done
  echo "dovecot did not stop; see $dir/dovecot.log" >&2
  exit 1
fi
[[ $cmd == start ]] || { echo "unknown command: $cmd" >&2; exit 2; }
[[ -x /usr/sbin/dovecot ]] || { echo "dovecot not installed: apt-get install -y dovecot-imapd" >&2; exit 1; }

port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
rm -rf "$dir/mail"
mkdir -p "$dir/mail" "$dir/base" "$dir/state"
chmod 755 "$dir"
chmod 777 "$dir/mail"

if [[ $(id -u) == 0 ]]; then
  internal="default_internal_user = dovecot"
  login="default_login_user = dovenull"
  uid=65534 gid=65534
else
  internal="default_internal_user = $(id -un)
default_internal_group = $(id -gn)"
  login="default_login_user = $(id -un)"
  uid=$(id -u) gid=$(id -g)
fi

cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/base
state_dir = $dir/state
log_path = $dir/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
$internal
$login
first_valid_uid = 1
mail_location = maildir:$dir/mail/%n
# the bench appends thousands of mails and the service fetches them in bulk: no fsync per mail
mail_fsync = never
# the live scenario appends over up to 32 connections beside the service's own
protocol imap {
  mail_max_userip_connections = 64
}
passdb {
  driver = static
  args = password=bench
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/mail/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF

/usr/sbin/dovecot -c "$dir/dovecot.conf"
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$port"
    exit 0
  fi
  sleep 0.1
done
echo "dovecot did not start; see $dir/dovecot.log" >&2
exit 1
