#!/usr/bin/env bash
# Transport load runs for docs/benchmarks.md:
#  1. TLS handshakes per second against sipher's TLS listener, measured by an external client
#     (openssl s_time), with the OpenSSL engine and with the JDK engine: full TLS 1.3, full
#     TLS 1.2, and resumed TLS 1.2 handshakes.
#  2. SIP request/response round trips per second over one TLS connection and over many
#     (io.sipher.bench.RoundTripLoad), for both engines.
# Both sides run on this machine; run it on an otherwise idle machine and compare the engines
# within one run.
#
#   sipher-bench/tls-bench.sh            # 10 s per measurement
#   SECONDS_PER_RUN=20 sipher-bench/tls-bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar=sipher-bench/target/benchmarks.jar
[[ -f $jar ]] || ./mvnw -q -B -pl sipher-bench -am package -DskipTests
run=${SECONDS_PER_RUN:-10}
java=(java -Xms512m -Xmx512m -cp "$jar")

# Prints connections per wall-clock second from s_time's "N connections in T real seconds".
s_time() {
  local port=$1
  shift
  openssl s_time -connect "127.0.0.1:$port" -time "$run" "$@" 2>/dev/null |
    awk '/connections in [0-9.]+ real seconds/ {n=$1; t=$4} END {if (t > 0) printf "%.0f", n / t; else print "failed"}'
}

echo "| engine | full TLS 1.3 handshakes/s | full TLS 1.2 handshakes/s | resumed TLS 1.2 handshakes/s |"
echo "|---|---:|---:|---:|"
for engine in OPENSSL JDK; do
  coproc server { exec "${java[@]}" io.sipher.bench.TlsHandshakeServer "$engine"; }
  read -r _ port _ impl <&"${server[0]}"
  # Warm-up: the JIT and session caches, not measured.
  openssl s_time -connect "127.0.0.1:$port" -new -time 8 >/dev/null 2>&1 || true
  full13=$(s_time "$port" -new -tls1_3)
  full12=$(s_time "$port" -new -tls1_2)
  reuse12=$(s_time "$port" -reuse -tls1_2)
  echo "| $impl | $full13 | $full12 | $reuse12 |"
  exec {server[1]}>&-
  wait "$server_PID" 2>/dev/null || true
done

echo
echo "| engine | connections | in flight per connection | round trips/s |"
echo "|---|---:|---:|---:|"
for engine in OPENSSL JDK; do
  for shape in "1 32" "100 2"; do
    set -- $shape
    line=$("${java[@]}" io.sipher.bench.RoundTripLoad "$engine" "$1" "$2" 8 "$run" | grep round_trips_per_s)
    rate=${line##*round_trips_per_s=}
    impl=${line#engine=}
    impl=${impl%% *}
    echo "| $impl | $1 | $2 | $rate |"
  done
done
