#!/usr/bin/env bash
# Starts and stops a real single-node Slurm cluster on this machine, so that Tessera's sweeps can
# be tried against the Slurm backend (sbatch --array, --dependency) without a real cluster.
#
# Usage: scripts/slurm-local.sh up|down|status|env
#   up      install Debian's slurm-wlm and munge if missing, write the config, start munged,
#           slurmctld and slurmd by hand, wait until the node is idle. Running it again is harmless.
#           A failed `up` leaves running whatever did start, for inspection: `down` stops it.
#   down    cancel all jobs, stop the three daemons (by their pid files). Exit 0 if nothing runs.
#   status  print `sinfo` (exit 0), or "down" (exit 3).
#   env     print `export SLURM_CONF=...`, for: eval "$(scripts/slurm-local.sh env)"
#
# Clients need SLURM_CONF: the config lives in the state directory, not in /etc/slurm, so that
# the system files stay untouched and TESSERA_SLURM_DIR can point at another instance. Before
# sbatch/squeue/sinfo/scancel/scontrol, run
#     eval "$(scripts/slurm-local.sh env)"        # = export SLURM_CONF=/tmp/tessera-slurm/slurm.conf
# Jobs inherit the submitter's environment (sbatch's default --export=ALL), SLURM_CONF included,
# so sbatch/srun inside a job reach the same cluster.
#
# All state (slurm.conf, munge key and socket, pid files, spool, logs) lives under one directory:
# TESSERA_SLURM_DIR, default /tmp/tessera-slurm. Needs root: munged must run as the munge user
# and slurmd as root. No systemd: the daemons are started by hand and fork into the background.
#
# Why the config looks the way it does (see shared/TOOLCHAIN.md section 5):
#   - ports 16817/16818 (TESSERA_SLURM_PORT and +1), not 6817/6818: no clash with a system Slurm.
#     A second instance (another TESSERA_SLURM_DIR) running at the same time needs its own port;
#   - proctrack/linuxproc + task/none: no cgroups, so no cgroup.conf and no systemd delegation.
#     Consequence: no CPU binding or memory limit; a job may use every core;
#   - our own munge socket (AuthInfo=socket=...) and key: no dependency on /etc/munge or /run;
#   - slurmctld -c: every `up` starts with an empty queue, so a stale state file (a node drained
#     by an earlier run, jobs of a killed cluster) can never keep the node from coming up.
#     (Job ids still go on counting from the last run.)
set -euo pipefail

readonly PROG="slurm-local"
STATE_DIR="${TESSERA_SLURM_DIR:-/tmp/tessera-slurm}"
case "$STATE_DIR" in /*) ;; *) STATE_DIR="$PWD/$STATE_DIR" ;; esac  # slurm.conf needs absolute paths
readonly STATE_DIR
case "$STATE_DIR" in *[[:space:]]*) echo "slurm-local: error: TESSERA_SLURM_DIR must not contain spaces (slurm.conf cannot quote them): '$STATE_DIR'" >&2; exit 2 ;; esac
readonly CTLD_PORT="${TESSERA_SLURM_PORT:-16817}"
readonly SLURMD_PORT=$((CTLD_PORT + 1))
readonly CONF="$STATE_DIR/slurm.conf"
readonly LOG_DIR="$STATE_DIR/log"
readonly MUNGE_DIR="$STATE_DIR/munge"
readonly MUNGE_SOCKET="$MUNGE_DIR/munge.socket"
readonly MUNGE_KEY="$MUNGE_DIR/munge.key"
readonly MUNGE_PID="$MUNGE_DIR/munged.pid"
readonly MUNGE_LOG="$MUNGE_DIR/munged.log"   # munged insists on a log dir it owns
readonly CTLD_PID="$STATE_DIR/slurmctld.pid"
readonly CTLD_LOG="$LOG_DIR/slurmctld.log"
readonly SLURMD_PID="$STATE_DIR/slurmd.pid"
readonly SLURMD_LOG="$LOG_DIR/slurmd.log"
readonly APT_LOG="$LOG_DIR/apt.log"
readonly PARTITION="debug"
readonly UP_TIMEOUT="${TESSERA_SLURM_TIMEOUT:-60}"   # seconds, for each wait in `up`
readonly MEM_MARGIN_MB=1024                          # left to the OS: slurmd drains a node whose
                                                     # RealMemory exceeds what it measures
readonly PACKAGES=(slurm-wlm munge)                  # slurm-wlm = slurmctld + slurmd + slurm-client
NODE="$(hostname -s)"                                # slurmd finds its NodeName by this
readonly NODE
export SLURM_CONF="$CONF"                            # for the clients this script runs itself

info() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# One clear line, then the end of the log that explains it.
die_with_log() {
  local msg="$1" log="$2"
  printf '%s: error: %s (log: %s)\n' "$PROG" "$msg" "$log" >&2
  if [ -s "$log" ]; then tail -n 15 "$log" | sed 's/^/  | /' >&2; fi
  exit 1
}

# A pid file counts only if its process is alive and is the daemon we expect (pids get reused).
running() {
  local pidfile="$1" name="$2" pid
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]
}

pid_of() { tr -dc '0-9' <"$1"; }

# died PIDFILE NAME: the daemon wrote its pid file and is gone since (so waiting is pointless).
died() { [ -s "$1" ] && ! running "$1" "$2"; }

# wait_for PIDFILE NAME CMD...: polls CMD every 0.2 s until it succeeds (0), the daemon dies (2),
# or UP_TIMEOUT seconds pass (1).
wait_for() {
  local pidfile="$1" name="$2" deadline=$((SECONDS + UP_TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    ! died "$pidfile" "$name" || return 2
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# Turns wait_for's answer into the error message for NAME, whose log is LOG.
check_wait() {
  local rc="$1" name="$2" what="$3" log="$4"
  case "$rc" in
    0) return 0 ;;
    2) die_with_log "$name exited right after starting" "$log" ;;
    *) die_with_log "$name: $what within ${UP_TIMEOUT}s" "$log" ;;
  esac
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (munged runs as user munge, slurmd as root)"
}

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  info "installing Debian packages: ${missing[*]}"
  mkdir -p "$LOG_DIR"
  # The package scripts try to start the daemons and are refused (no systemd): harmless.
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
    >"$APT_LOG" 2>&1 || die_with_log "apt-get install ${missing[*]} failed" "$APT_LOG"
}

make_dirs() {
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$STATE_DIR/state" "$STATE_DIR/spool" "$MUNGE_DIR"
  chmod 0755 "$STATE_DIR"
  # munged refuses a socket dir that others cannot traverse (0700 fails) and a dir it does not own.
  chown munge:munge "$MUNGE_DIR"
  chmod 0755 "$MUNGE_DIR"
  # munged also refuses a log file it does not own; we append its start-up errors to it as root.
  touch "$MUNGE_LOG"
  chown munge:munge "$MUNGE_LOG"
  chmod 0640 "$MUNGE_LOG"
}

ensure_munge_key() {
  [ -s "$MUNGE_KEY" ] || {
    info "creating munge key $MUNGE_KEY"
    dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none
  }
  chown munge:munge "$MUNGE_KEY"
  chmod 0600 "$MUNGE_KEY"   # munged refuses a key readable by others
}

cpu_count() { nproc; }

real_memory_mb() {
  local kb
  kb="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
  local mb=$((kb / 1024 - MEM_MARGIN_MB))
  [ "$mb" -gt 0 ] || mb=1
  echo "$mb"
}

# Written only while no Slurm daemon runs: rewriting it under a live slurmctld would make the
# config on disk disagree with the one in force.
write_conf() {
  local tmp="$CONF.tmp.$$"
  cat >"$tmp" <<EOF
# Written by scripts/slurm-local.sh: a single-node cluster on $NODE. Rewritten at each cold 'up'.
ClusterName=tessera-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$STATE_DIR/state
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$CTLD_LOG
SlurmdLogFile=$SLURMD_LOG
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$(cpu_count) RealMemory=$(real_memory_mb) State=UNKNOWN
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$tmp" "$CONF"
}

munge_works() { munge -S "$MUNGE_SOCKET" -n | unmunge -S "$MUNGE_SOCKET"; }

start_munged() {
  if running "$MUNGE_PID" munged; then info "munged already running (pid $(pid_of "$MUNGE_PID"))"; return 0; fi
  rm -f "$MUNGE_PID"
  runuser -u munge -- /usr/sbin/munged --socket="$MUNGE_SOCKET" --pid-file="$MUNGE_PID" \
    --log-file="$MUNGE_LOG" --seed-file="$MUNGE_DIR/munged.seed" --key-file="$MUNGE_KEY" \
    >>"$MUNGE_LOG" 2>&1 || die_with_log "munged failed to start" "$MUNGE_LOG"
  local rc=0
  wait_for "$MUNGE_PID" munged munge_works || rc=$?
  check_wait "$rc" munged "no working socket $MUNGE_SOCKET" "$MUNGE_LOG"
}

ctld_answers() { scontrol ping | grep -q 'is UP'; }

start_slurmctld() {
  if running "$CTLD_PID" slurmctld; then info "slurmctld already running (pid $(pid_of "$CTLD_PID"))"; return 0; fi
  rm -f "$CTLD_PID"
  # Errors before it daemonizes (bad config) go to stderr: keep them in the same log.
  /usr/sbin/slurmctld -c >>"$CTLD_LOG" 2>&1 || die_with_log "slurmctld failed to start" "$CTLD_LOG"
  local rc=0
  wait_for "$CTLD_PID" slurmctld ctld_answers || rc=$?
  check_wait "$rc" slurmctld "no answer to 'scontrol ping' on port $CTLD_PORT" "$CTLD_LOG"
}

start_slurmd() {
  if running "$SLURMD_PID" slurmd; then info "slurmd already running (pid $(pid_of "$SLURMD_PID"))"; return 0; fi
  rm -f "$SLURMD_PID"
  /usr/sbin/slurmd >>"$SLURMD_LOG" 2>&1 || die_with_log "slurmd failed to start" "$SLURMD_LOG"
}

node_state() { sinfo -h -N -n "$NODE" -p "$PARTITION" -o %t 2>/dev/null; }

# Idle, or busy with jobs (when `up` finds a running cluster): either way it takes jobs.
node_ready() { case "$(node_state)" in idle | mix | alloc | comp) return 0 ;; *) return 1 ;; esac; }

wait_node_ready() {
  local rc=0 state
  wait_for "$SLURMD_PID" slurmd node_ready || rc=$?
  [ "$rc" -ne 0 ] || return 0
  state="$(sinfo -h -N -n "$NODE" -o '%t %E' 2>/dev/null || true)"
  check_wait "$rc" slurmd "node $NODE not idle (sinfo: ${state:-no answer})" "$SLURMD_LOG"
}

all_running() {
  running "$MUNGE_PID" munged && running "$CTLD_PID" slurmctld && running "$SLURMD_PID" slurmd
}

any_slurm_running() { running "$CTLD_PID" slurmctld || running "$SLURMD_PID" slurmd; }

print_env() { printf 'export SLURM_CONF=%q\n' "$CONF"; }

cmd_up() {
  require_root
  if all_running && node_ready; then
    echo "$PROG: already running (partition $PARTITION, $(sinfo -h -p "$PARTITION" -o %c) cpus)"
    print_env
    return 0
  fi
  ensure_packages
  make_dirs
  if any_slurm_running; then info "keeping the config of the running daemons"; else write_conf; fi
  ensure_munge_key
  start_munged
  start_slurmctld
  start_slurmd
  wait_node_ready
  echo "$PROG: up (partition $PARTITION, $(sinfo -h -p "$PARTITION" -o %c) cpus)"
  print_env
}

# Cancels every job first: killing slurmd leaves running job steps (slurmstepd) behind.
cancel_all_jobs() {
  local jobs
  jobs="$(squeue -h -o %F 2>/dev/null | sort -u || true)"
  [ -n "$jobs" ] || return 0
  info "cancelling jobs: $(tr '\n' ' ' <<<"$jobs")"
  # shellcheck disable=SC2086  # one argument per job id
  scancel $jobs 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while [ -n "$(squeue -h -t running,completing -o %i 2>/dev/null)" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
}

stop_daemon() {
  local pidfile="$1" name="$2" pid i
  running "$pidfile" "$name" || { rm -f "$pidfile"; return 0; }
  pid="$(pid_of "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do   # 10 s, then SIGKILL
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || break
    sleep 0.2
  done
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
    info "$name (pid $pid) ignored SIGTERM, killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  info "stopped $name (pid $pid)"
}

cmd_down() {
  require_root
  if running "$CTLD_PID" slurmctld && running "$MUNGE_PID" munged; then cancel_all_jobs; fi
  stop_daemon "$SLURMD_PID" slurmd
  stop_daemon "$CTLD_PID" slurmctld
  stop_daemon "$MUNGE_PID" munged
  echo "$PROG: down"
}

cmd_status() {
  if running "$CTLD_PID" slurmctld && sinfo 2>/dev/null; then return 0; fi
  echo "down"
  return 3
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) print_env ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" ;;
    *) printf '%s: usage: scripts/slurm-local.sh up|down|status|env\n' "$PROG" >&2; exit 2 ;;
  esac
}

main "$@"
