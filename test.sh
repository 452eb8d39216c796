#!/usr/bin/env bash
# Runs every sipher test. Installs the Debian packages the tests need when they are missing
# (root or sudo is used for apt-get), then runs the whole Maven build: compile, unit and
# integration tests, the fuzz test, and the formatting check; then checks that the ./sipher
# launcher runs.
#
#   ./test.sh                 everything
#   ./test.sh -pl sipher-cli  extra arguments go to Maven
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# dnsmasq lives in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

# command -> Debian package that provides it
required=(
  "javac:openjdk-17-jdk-headless"
  "curl:curl"
  "unzip:unzip"
  "openssl:openssl"
  "sipp:sip-tester"
  "dnsmasq:dnsmasq-base"
  "baresip:baresip-core"
)

missing=()
for entry in "${required[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done

if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

./mvnw -B -ntp verify "$@"

# The launcher the README tells users to run: it must start the jar that verify just built.
./sipher --version
./sipher lint --help >/dev/null
