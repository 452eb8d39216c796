#!/usr/bin/env bash
# sipher and Kamailio side by side: the same loads from the same generator, one server after the
# other, each pinned to CPU 0 with the generator on CPU 1, the same RSA-2048 certificate (KEY=ec
# for ECDSA P-256), the same users and the same digest (MD5, qop=auth). The generator is sipher
# bench for every row, and SIPp as well for the UDP and TCP rows (the *-sipp rows; Debian's SIPp
# has no TLS). Prints one table: per row the rate held (failures under 1%) and the work per server
# core-second (server CPU from /proc), with sipher/Kamailio ratios.
#
#   bench/compare-kamailio.sh                 # every row, 20 s each after 10 s of warm-up
#   DUR=10 WARM=5 ROWS="reg-tls-1 call-tls" bench/compare-kamailio.sh
#
# Env: DUR, WARM (seconds), ROWS (names below), KEY (rsa|ec), SERVERS ("sipher kamailio"),
#      IDLE (idle connections for the memory row, default 10000), SIPHER_HEAP (sipher's heap,
#      default 2g) and KAM_SHM_MB (Kamailio's shared memory, default 2048: the same budget; with
#      the reference rig's 512 it runs out under UDP calls, which linger 32 s, and crashes),
#      GEN_HEAP (sipher bench's heap, 2g), SIPP_CALLS and SIPP_REGISTERS (attempts SIPp keeps open
#      in the *-sipp rows: 100 callers and 1,000 phones, as sipher bench has), WORK (folder;
#      default a new one under /tmp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
DUR="${DUR:-20}"
WARM="${WARM:-10}"
KEY="${KEY:-rsa}"
IDLE="${IDLE:-10000}"
SERVERS="${SERVERS:-sipher kamailio}"
ROWS="${ROWS:-reg-tls-1 reg-tls-1000 reg-tls-reconnect call-tls options-tls reg-tcp-1 call-tcp reg-udp call-udp reg-udp-sipp reg-tcp-sipp call-udp-sipp call-tcp-sipp idle-tls}"
SIPHER_HEAP="${SIPHER_HEAP:-2g}"
GEN_HEAP="${GEN_HEAP:-2g}"
WORK="${WORK:-$(mktemp -d /tmp/sipher-compare.XXXXXX)}"
mkdir -p "$WORK"
SERVER_CPU=0
LOAD_CPU=1
results="$WORK/results.txt"
: >"$results"

say() { echo "== $*" >&2; }

# --- tools -------------------------------------------------------------------------------------
need=()
command -v kamailio >/dev/null || need+=(kamailio kamailio-tls-modules)
[[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ]] || need+=(kamailio-tls-modules)
command -v openssl >/dev/null || need+=(openssl)
command -v jcmd >/dev/null || need+=(openjdk-17-jdk-headless)
command -v taskset >/dev/null || need+=(util-linux)
command -v sipp >/dev/null || need+=(sip-tester)
if ((${#need[@]})); then
  say "installing ${need[*]}"
  sudo_="" && [[ $(id -u) -ne 0 ]] && sudo_="sudo"
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
fi
"$root/sipher" --version >/dev/null # builds the jar when needed
jar="$root/sipher-cli/target/sipher.jar"
ulimit -n "$(ulimit -Hn)"

# --- certificates and users --------------------------------------------------------------------
certs="$WORK/certs"
mkdir -p "$certs"
if [[ ! -f "$certs/server.crt" ]]; then
  say "making a test CA and a $KEY server certificate for example.test"
  if [[ "$KEY" == ec ]]; then
    keyopt=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  else
    keyopt=(-newkey rsa:2048)
  fi
  openssl req -x509 "${keyopt[@]}" -nodes -sha256 -days 30 -keyout "$certs/ca.key" \
    -out "$certs/ca.crt" -subj "/CN=sipher comparison CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
  openssl req -new "${keyopt[@]}" -nodes -sha256 -keyout "$certs/server.key" \
    -out "$certs/server.csr" -subj "/CN=example.test" 2>/dev/null
  printf '%s\n' "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=DNS:example.test,DNS:localhost,IP:127.0.0.1,URI:sip:example.test" \
    >"$certs/server.ext"
  openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
    -CAcreateserial -days 30 -sha256 -extfile "$certs/server.ext" -out "$certs/server.crt" \
    2>/dev/null
  chmod 600 "$certs"/*.key
fi
printf 'secret\n' >"$WORK/password"
chmod 600 "$WORK/password"

users_first=1000
users_last=1999
callees=(2000 2001 2002 2003 2004) # one per transport and generator, so no stale binding forks

# Kamailio's text table with the password and both HA1 forms (db_text allows no empty field).
mkdir -p "$WORK/kamailio-db"
printf 'id(int,auto) table_name(string) table_version(int) \n1:subscriber:7\n' \
  >"$WORK/kamailio-db/version"
{
  echo 'id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) '
  i=1
  for u in $(seq $users_first $users_last) "${callees[@]}"; do
    ha1=$(printf '%s:example.test:secret' "$u" | md5sum | cut -d' ' -f1)
    ha1b=$(printf '%s@example.test:example.test:secret' "$u" | md5sum | cut -d' ' -f1)
    echo "$i:$u:example.test:secret:$ha1:$ha1b"
    i=$((i + 1))
  done
} >"$WORK/kamailio-db/subscriber"
sed "s|@WORK@|$WORK|g" "$here/kamailio/kamailio.cfg" >"$WORK/kamailio.cfg"
cat >"$WORK/kamailio-tls.cfg" <<EOF
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = $certs/server.key
certificate = $certs/server.crt
ca_list = $certs/ca.crt

[client:default]
method = TLSv1.2+
verify_certificate = yes
require_certificate = yes
ca_list = $certs/ca.crt
EOF

# sipher: the same users (HA1 only at rest), MD5 offered as Kamailio does, INVITEs from loopback
# unchallenged over TCP and TLS (challenged over UDP) as in Kamailio's script, the same
# certificate and CA.
if [[ ! -f "$WORK/sipher-data/sipher.db" ]]; then
  java -jar "$jar" user add --data "$WORK/sipher-data" --domain example.test \
    --password-file "$WORK/password" $(seq $users_first $users_last) "${callees[@]}" >/dev/null
fi
cat >"$WORK/sipher.yaml" <<EOF
data: $WORK/sipher-data
domains:
  - name: example.test
    tls-policy: off
    certificate: $certs/server.crt
    key: $certs/server.key
listeners:
  - {transport: udp, address: 127.0.0.1, port: 5060}
  - {transport: tcp, address: 127.0.0.1, port: 5060}
  - {transport: tls, address: 127.0.0.1, port: 5061}
limits:
  max-connections: 60000
  max-connections-per-address: 60000
transactions:
  max-transactions: 1000000
auth:
  algorithms: [MD5]
trusted-peers: [127.0.0.1]
tls:
  trust-anchors: [$certs/ca.crt]
EOF

# --- servers -----------------------------------------------------------------------------------
server_pid=""
start_server() {
  case "$1" in
    sipher)
      # The collector is the launcher's default (see the sipher script); the heap is fixed and
      # touched up front so that its growth does not count as memory per connection.
      taskset -c $SERVER_CPU java -XX:+UseParallelGC -Xms"$SIPHER_HEAP" -Xmx"$SIPHER_HEAP" -XX:+AlwaysPreTouch \
        -jar "$jar" serve --config "$WORK/sipher.yaml" >"$WORK/sipher.log" 2>&1 &
      server_pid=$!
      for _ in $(seq 1 100); do
        grep -q "sipher serve: running" "$WORK/sipher.log" 2>/dev/null && return 0
        sleep 0.2
      done
      echo "sipher did not start:" >&2
      tail -20 "$WORK/sipher.log" >&2
      exit 1
      ;;
    kamailio)
      taskset -c $SERVER_CPU kamailio -f "$WORK/kamailio.cfg" -DD -E -m "${KAM_SHM_MB:-2048}" -M 32 \
        -P "$WORK/kamailio.pid" >"$WORK/kamailio.log" 2>&1 &
      server_pid=$!
      for _ in $(seq 1 100); do
        grep -q "tls: 127.0.0.1" "$WORK/kamailio.log" 2>/dev/null && break
        sleep 0.2
      done
      sleep 1
      kill -0 "$server_pid" 2>/dev/null || {
        echo "kamailio did not start:" >&2
        tail -20 "$WORK/kamailio.log" >&2
        exit 1
      }
      ;;
  esac
}
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  sleep 1
}
trap stop_server EXIT

# --- SIPp rows (UDP and TCP; Debian's SIPp has no TLS) -----------------------------------------
# The same closed loop as sipher bench: SIPp keeps SIPP_CALLS or SIPP_REGISTERS attempts open (-l)
# and starts the next as one ends (its -r is far above what either server holds). Its statistics
# (-fd 1) are read when a new line appears, with the server's CPU from /proc at that moment: once
# after the warm-up, once DUR seconds later.
{
  echo SEQUENTIAL
  for u in $(seq $users_first $users_last); do
    echo "$u;[authentication username=$u password=secret]"
  done
} >"$WORK/sipp-users.csv"

cpu_ticks() { # utime + stime of the processes given, in clock ticks
  local t=0 p
  for p in "$@"; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

server_ticks() { # the server's and its children's (Kamailio forks its workers)
  cpu_ticks "$server_pid" $(ps -o pid= --ppid "$server_pid" 2>/dev/null)
}

sipp_snapshot() { # sipp_snapshot STATFILE PIDS... : "time_s successful failed server_ticks sipp_ticks"
  local stat="$1"
  shift
  local n0 n
  n0="$(wc -l <"$stat" 2>/dev/null || echo 0)"
  for _ in $(seq 1 40); do
    n="$(wc -l <"$stat" 2>/dev/null || echo 0)"
    ((n > n0)) && break
    sleep 0.05
  done
  local line
  line="$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    END { n = split($col["CurrentTime"], t, "\t");
      printf "%.6f %d %d", t[n], $col["SuccessfulCall(C)"], $col["FailedCall(C)"] }' "$stat")"
  echo "$line $(server_ticks) $(cpu_ticks "$@")"
}

sipp_row() { # sipp_row SERVER ROW reg|call u1|t1
  local server="$1" row="$2" mode="$3" t="$4"
  local out="$WORK/$server-$row" uas="" args
  rm -f "$out".*
  if [[ "$mode" == call ]]; then
    local callee=2003 port=5076 transport=udp
    [[ "$t" == t1 ]] && callee=2004 port=5078 transport=tcp
    printf 'SEQUENTIAL\n%s;[authentication username=%s password=secret];127.0.0.1:%s;%s\n' \
      "$callee" "$callee" "$port" "$transport" >"$out.callee.csv"
    # In the background of this shell, not SIPp's -bg: a SIPp that forks itself loses its sockets.
    taskset -c $LOAD_CPU sipp -sf "$here/sipp/answer.xml" -t "$t" -i 127.0.0.1 -p "$port" \
      -s "$callee" -nd -trace_err -error_file "$out.uas-errors" >"$out.uas.out" 2>&1 </dev/null &
    uas=$!
    sleep 0.5
    if ! sipp 127.0.0.1:5060 -sf "$here/sipp/bind-callee.xml" -inf "$out.callee.csv" -t "$t" \
      -i 127.0.0.1 -p 5082 -m 1 -nd -recv_timeout 5000 -timeout 10s -auth_uri example.test \
      >"$out.bind.out" 2>&1 </dev/null; then
      echo "$server $row: the callee could not register; see $out.bind.out" >&2
    fi
    # Over UDP both servers challenge the INVITE (a source address proves nothing there).
    local scenario=call.xml
    [[ "$t" == u1 ]] && scenario=call-auth.xml
    args=(-sf "$here/sipp/$scenario" -s "$callee" -inf "$WORK/sipp-users.csv"
      -auth_uri "$callee@example.test" -l "${SIPP_CALLS:-100}")
  else
    args=(-sf "$here/sipp/register.xml" -inf "$WORK/sipp-users.csv" -auth_uri example.test
      -l "${SIPP_REGISTERS:-1000}")
  fi
  taskset -c $LOAD_CPU sipp 127.0.0.1:5060 "${args[@]}" -t "$t" -i 127.0.0.1 -p 5080 -r 100000 \
    -nd -recv_timeout 10000 -trace_stat -stf "$out.stat.csv" -fd 1 -trace_err \
    -error_file "$out.errors" >"$out.out" 2>&1 </dev/null &
  local uac=$!
  sleep "$WARM"
  local a b
  a="$(sipp_snapshot "$out.stat.csv" $uac $uas)"
  sleep "$DUR"
  b="$(sipp_snapshot "$out.stat.csv" $uac $uas)"
  local died=""
  kill -0 "$server_pid" 2>/dev/null || died=yes
  kill -TERM $uac $uas 2>/dev/null || true
  sleep 0.5
  kill -KILL $uac $uas 2>/dev/null || true
  wait $uac $uas 2>/dev/null || true
  local hz
  hz="$(getconf CLK_TCK)"
  local line
  line="$(awk -v a="$a" -v b="$b" -v hz="$hz" 'BEGIN {
    split(a, x, " "); split(b, y, " ");
    secs = y[1] - x[1]; ok = y[2] - x[2]; bad = y[3] - x[3];
    cpu = (y[4] - x[4]) / hz; gen = (y[5] - x[5]) / hz;
    if (secs <= 0 || ok + bad <= 0) { print "rate=0 failed_pct=100 per_server_core_s=0"; exit }
    printf "rate=%.1f succeeded=%d failed=%d failed_pct=%.3f server_cpu_s=%.2f per_server_core_s=%.0f generator_cpu_s=%.2f measured_s=%.1f",
      ok / secs, ok, bad, 100 * bad / (ok + bad), cpu, (cpu > 0 ? ok / cpu : 0), gen, secs }')"
  if [[ -n "$died" ]]; then
    line="rate=0 failed_pct=crashed per_server_core_s=0"
  fi
  echo "$server $row result $line" >>"$results"
  echo "$server $row (SIPp): $line" >&2
}

# --- rows --------------------------------------------------------------------------------------
bench() { # bench SERVER ROW ARGS... : one run of sipher bench, pinned to the load CPU
  local server="$1" row="$2"
  shift 2
  local out="$WORK/$server-$row.out"
  taskset -c $LOAD_CPU java -XX:+UseParallelGC -Xms"$GEN_HEAP" -Xmx"$GEN_HEAP" -jar "$jar" bench "$@" \
    --domain example.test --ca "$certs/ca.crt" \
    --password-file "$WORK/password" --server-pid "$server_pid" --threads 1 \
    --warmup "${WARM}s" --duration "${DUR}s" --quiet >"$out" 2>&1 || true
  local line
  line="$(grep '^result ' "$out" || true)"
  if [[ -z "$line" ]]; then
    echo "$server $row: no result; see $out" >&2
    tail -3 "$out" >&2
    line="result rate=0 failed_pct=100 per_server_core_s=0"
  fi
  echo "$server $row $line" >>"$results"
  echo "$server $row: $(sed -n 2p "$out")" >&2
}

heap_used_kib() { # a JVM's live heap (the class histogram collects first); 0 for other servers
  [[ "$1" == sipher ]] || { echo 0; return; }
  jcmd "$server_pid" GC.class_histogram | awk '/^Total/ {printf "%d\n", $3 / 1024}'
}

idle_row() { # memory per idle TLS connection: PSS growth (measured by sipher bench), plus
  #           live-heap growth for the JVM
  local server="$1" n="$IDLE"
  local hard
  hard="$(ulimit -Hn)"
  if ((n + 1000 > hard)); then
    echo "$server idle-tls result skipped=open-file-limit-$hard" >>"$results"
    return
  fi
  local sources=(--source 127.0.1.1-127.0.1.4)
  local heap0 pss0 heap1 pss1 out="$WORK/$server-idle.out"
  heap0="$(heap_used_kib "$server")"
  taskset -c $LOAD_CPU java -XX:+UseParallelGC -Xmx4g -jar "$jar" bench connect 127.0.0.1:5061 \
    --domain example.test --ca "$certs/ca.crt" -c "$n" "${sources[@]}" --threads 1 \
    --duration 20s --server-pid "$server_pid" --quiet >"$out" 2>&1 &
  local gen=$!
  for _ in $(seq 1 600); do
    grep -q "connections open; holding" "$out" 2>/dev/null && break
    kill -0 $gen 2>/dev/null || break
    sleep 0.5
  done
  sleep 3
  heap1="$(heap_used_kib "$server")"
  wait $gen 2>/dev/null || true
  # The generator reads the server's PSS before connecting and at the end of the hold.
  pss0="$(grep -o 'server_pss_kib_before=[0-9]*' "$out" | cut -d= -f2 || true)"
  pss1="$(grep -o 'server_pss_kib_after=[0-9]*' "$out" | cut -d= -f2 || true)"
  pss0="${pss0:-0}"
  pss1="${pss1:-0}"
  local rate
  rate="$(grep -o 'opened in [0-9.]* s ([0-9,]*/s)' "$out" | grep -o '([0-9,]*' | tr -d '(,' || true)"
  local per
  if [[ "$pss1" == 0 ]] || ! kill -0 "$server_pid" 2>/dev/null; then
    echo "$server idle-tls result connections=$n kib_per_connection=crashed" >>"$results"
    echo "$server idle-tls: the server died while the connections were opened or held" >&2
    return
  fi
  per=$(awk -v a="$pss0" -v b="$pss1" -v h0="$heap0" -v h1="$heap1" -v n="$n" \
    'BEGIN { printf "%.1f", ((b - a) + (h1 - h0)) / n }')
  echo "$server idle-tls result connections=$n kib_per_connection=$per pss_kib=$pss0..$pss1 heap_kib=$heap0..$heap1 handshakes_per_s=${rate:-0}" >>"$results"
  echo "$server idle-tls: $per KiB per idle TLS connection ($n connections; PSS $pss0 -> $pss1 KiB, live heap $heap0 -> $heap1 KiB)" >&2
}

run_row() {
  local server="$1" row="$2"
  case "$row" in
    reg-tls-1) bench "$server" "$row" register 127.0.0.1:5061 ;;
    reg-tls-1000) bench "$server" "$row" register 127.0.0.1:5061 -c 1000 ;;
    reg-tls-reconnect) bench "$server" "$row" register 127.0.0.1:5061 --reconnect --users 1000-1199 ;;
    options-tls) bench "$server" "$row" options 127.0.0.1:5061 --users 1000-1099 ;;
    call-tls)
      bench "$server" "$row" call 127.0.0.1:5061 --users 1000-1099 --callee 2000 \
        --callee-listen 127.0.0.1:5070 --callee-cert "$certs/server.crt" \
        --callee-key "$certs/server.key"
      ;;
    reg-tcp-1) bench "$server" "$row" register 127.0.0.1:5060 -t tcp ;;
    call-tcp)
      bench "$server" "$row" call 127.0.0.1:5060 -t tcp --users 1000-1099 --callee 2001 \
        --callee-listen 127.0.0.1:5072
      ;;
    reg-udp) bench "$server" "$row" register 127.0.0.1:5060 -t udp ;;
    call-udp)
      bench "$server" "$row" call 127.0.0.1:5060 -t udp --users 1000-1099 --callee 2002 \
        --callee-listen 127.0.0.1:5074
      ;;
    reg-udp-sipp) sipp_row "$server" "$row" reg u1 ;;
    reg-tcp-sipp) sipp_row "$server" "$row" reg t1 ;;
    call-udp-sipp) sipp_row "$server" "$row" call u1 ;;
    call-tcp-sipp) sipp_row "$server" "$row" call t1 ;;
    idle-tls) idle_row "$server" ;;
    *) echo "unknown row $row" >&2 ;;
  esac
}

for server in $SERVERS; do
  say "$server"
  start_server "$server"
  for row in $ROWS; do
    if [[ "$row" == idle-tls ]]; then
      # A fresh start: the rows before leave garbage and lingering state behind.
      stop_server
      start_server "$server"
    elif ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$server crashed before $row; restarted (see $WORK/$server.log)" >&2
      echo "$server crash-before-$row" >>"$results"
      cp "$WORK/$server.log" "$WORK/$server-crash-before-$row.log" 2>/dev/null || true
      start_server "$server"
    fi
    run_row "$server" "$row"
  done
  stop_server
done

# --- table -------------------------------------------------------------------------------------
field() { # field SERVER ROW KEY
  awk -v s="$1" -v r="$2" -v k="$3" '$1 == s && $2 == r {
    for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) v = kv[2] } }
    END { print (v == "" ? "-" : v) }' "$results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else printf "-" }'; }

echo
echo "sipher vs Kamailio $(kamailio -v | head -1 | awk '{print $3}'), $KEY certificate, ${DUR} s per row after ${WARM} s of warm-up;"
echo "servers on CPU $SERVER_CPU, sipher bench on CPU $LOAD_CPU; failures in % of attempts."
echo
echo "| row | sipher /s | fail % | Kamailio /s | fail % | ratio | sipher per core-s | Kamailio per core-s | ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for row in $ROWS; do
  [[ "$row" == idle-tls ]] && continue
  sr="$(field sipher "$row" rate)"
  kr="$(field kamailio "$row" rate)"
  sc="$(field sipher "$row" per_server_core_s)"
  kc="$(field kamailio "$row" per_server_core_s)"
  printf '| %s | %.0f | %s | %.0f | %s | %s | %s | %s | %s |\n' "$row" "${sr/-/0}" \
    "$(field sipher "$row" failed_pct)" "${kr/-/0}" "$(field kamailio "$row" failed_pct)" \
    "$(ratio "$sr" "$kr")" "$sc" "$kc" "$(ratio "$sc" "$kc")"
done
if [[ " $ROWS " == *" idle-tls "* ]]; then
  sm="$(field sipher idle-tls kib_per_connection)"
  km="$(field kamailio idle-tls kib_per_connection)"
  echo
  echo "| idle TLS connections | sipher KiB each | Kamailio KiB each | ratio (lower is better for sipher) | sipher handshakes/s | Kamailio handshakes/s |"
  echo "|---|---|---|---|---|---|"
  echo "| $IDLE | $sm | $km | $(ratio "$sm" "$km") | $(field sipher idle-tls handshakes_per_s) | $(field kamailio idle-tls handshakes_per_s) |"
fi
echo
echo "raw results: $results"
