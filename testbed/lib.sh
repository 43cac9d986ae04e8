# Shared by the testbed scenarios (source it): network namespaces that are always torn down, veth links,
# captures. Every namespace of a run carries the run's prefix, so runs side by side never collide and the
# teardown removes exactly what this run made.

set -euo pipefail

tb_require_root() {
  if [ "$(id -u)" -ne 0 ]; then echo "testbed: must run as root (network namespaces)" >&2; exit 3; fi
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "testbed: missing $tool (scripts/test installs it)" >&2; exit 3; }
  done
}

# tb_init PREFIX: names this run's namespaces PREFIX-*, and registers the teardown for any exit.
tb_init() {
  TB_PREFIX="$1"
  TB_PIDS=()
  TB_TMP=""
  trap tb_teardown EXIT
  trap 'exit 130' INT TERM
}

tb_teardown() {
  local pid ns
  for pid in "${TB_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${TB_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  for ns in $(ip netns list | awk '{print $1}' | grep "^${TB_PREFIX}-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  if [ -n "${TB_TMP:-}" ]; then rm -rf "$TB_TMP"; fi
}

# tb_tmpdir: a scratch directory (configs, web roots) removed by the teardown; its path goes to TB_TMP.
tb_tmpdir() {
  TB_TMP="$(mktemp -d "${TMPDIR:-/tmp}/${TB_PREFIX}.XXXXXX")"
  chmod 755 "$TB_TMP" # servers may drop privileges and still have to read their files
}

# tb_ns NAME: creates namespace PREFIX-NAME with loopback up; prints nothing.
tb_ns() {
  ip netns add "${TB_PREFIX}-$1"
  ip -n "${TB_PREFIX}-$1" link set lo up
}

# tb_in NAME CMD...: runs CMD inside namespace PREFIX-NAME.
tb_in() {
  local ns="$1"; shift
  ip netns exec "${TB_PREFIX}-$ns" "$@"
}

# tb_quiet_ns NAME: no IPv6 in the namespace, so captures hold no link-local addresses and no router chatter.
tb_quiet_ns() {
  tb_in "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# tb_bridge NS BR ADDR/LEN: a bridge in NS, addressed and up; tb_bridge_port attaches namespaces to it.
tb_bridge() {
  ip -n "${TB_PREFIX}-$1" link add "$2" type bridge
  ip -n "${TB_PREFIX}-$1" addr add "$3" dev "$2"
  ip -n "${TB_PREFIX}-$1" link set "$2" up
}

# tb_bridge_port NS BR NS_B IF_B ADDR_B/LEN: a veth pair from bridge BR in NS to IF_B (addressed) in NS_B.
tb_bridge_port() {
  local tmp="tb$$p${RANDOM}"
  ip link add "$tmp" type veth peer name "${tmp}y"
  ip link set "$tmp" netns "${TB_PREFIX}-$1"
  ip link set "${tmp}y" netns "${TB_PREFIX}-$3" name "$4"
  ip -n "${TB_PREFIX}-$1" link set "$tmp" master "$2" up
  ip -n "${TB_PREFIX}-$3" addr add "$5" dev "$4"
  ip -n "${TB_PREFIX}-$3" link set "$4" up
}

# tb_link NS_A IF_A ADDR_A/LEN NS_B IF_B ADDR_B/LEN: a veth pair between two namespaces, addressed and up.
tb_link() {
  local tmp="tb$$x${RANDOM}"
  ip link add "$tmp" type veth peer name "${tmp}y"
  ip link set "$tmp" netns "${TB_PREFIX}-$1" name "$2"
  ip link set "${tmp}y" netns "${TB_PREFIX}-$4" name "$5"
  ip -n "${TB_PREFIX}-$1" addr add "$3" dev "$2"
  ip -n "${TB_PREFIX}-$4" addr add "$6" dev "$5"
  ip -n "${TB_PREFIX}-$1" link set "$2" up
  ip -n "${TB_PREFIX}-$4" link set "$5" up
}

# tb_background NS CMD...: starts CMD inside NS in the background; the teardown stops it.
tb_background() {
  local ns="$1"; shift
  ip netns exec "${TB_PREFIX}-$ns" "$@" &
  TB_PIDS+=("$!")
}

# tb_capture_ready NS IF FILE: a full-length pcap capture of one interface, in immediate mode (packets are
# handed over one by one, so a stop loses no buffered block) with a 64 MiB kernel buffer; returns only
# once tcpdump is listening (its own
# "listening on" line), so no packet of the traffic that follows is missed; TB_LAST_PID is its pid. It keeps
# root (-Z root) because it opens the file after dropping privileges, and the directory may be root-only.
tb_capture_ready() {
  local log="$3.tcpdump.log" i
  tb_background "$1" tcpdump -i "$2" -s 0 -B 65536 -U --immediate-mode -n -Z root -w "$3" 2>"$log"
  TB_LAST_PID="${TB_PIDS[-1]}"
  for i in $(seq 1 200); do
    grep -q 'listening on' "$log" 2>/dev/null && { rm -f "$log"; return 0; }
    kill -0 "$TB_LAST_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "testbed: tcpdump on $1/$2 did not start: $(head -c 300 "$log")" >&2
  return 1
}

# tb_stop PID...: stops background processes the way an operator would (SIGINT) and waits, so a capture or
# an event log is complete on disk before anything reads it.
tb_stop() {
  local pid
  for pid in "$@"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# tb_seed N / tb_rand BOUND: a seeded generator independent of the bash version (unlike $RANDOM); tb_rand
# leaves a value in [0, BOUND) in TB_R without a subshell, so the sequence carries on between calls.
tb_seed() {
  TB_STATE=$(( ($1 * 2654435761 + 1013904223) % 4294967296 ))
}

tb_rand() {
  TB_STATE=$(( (TB_STATE * 1103515245 + 12345) % 2147483648 ))
  TB_R=$(( (TB_STATE >> 8) % $1 ))
}
