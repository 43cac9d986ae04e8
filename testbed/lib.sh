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

# tb_capture NS IF FILE: full-length pcap capture of one interface, buffered per packet so a stop loses nothing.
tb_capture() {
  tb_background "$1" tcpdump -i "$2" -s 0 -U -n -w "$3" 2>/dev/null
}
