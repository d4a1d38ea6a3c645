#!/usr/bin/env bash
# Runs every benchmark side by side with its references and rewrites the results part of
# bench/RESULTS.md. Run from the repository root:
#   bash bench/run.sh            # quick: one round each, 100 applications; under five minutes
#   bash bench/run.sh --full     # medians of three rounds, 100/500/1000 applications
#   bash bench/run.sh --only http,echo   # some sections (http, echo, startup, reload, operator)
#   bash bench/run.sh --only operator --apps 1000      # the operator at chosen sizes only
#   bash bench/run.sh --only operator --apps 300,1000  # (several scale steps, in this order)
# Never part of the test suite. Installs its references (nginx, wrk, twistd) when missing, builds
# the runtime, the operator and the harness (Maven profile 'bench'), and needs the control plane
# of scripts/testenv for the operator section.
set -euo pipefail
cd "$(dirname "$0")/.."

install_references() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v taskset >/dev/null || missing+=(util-linux)
  if ! command -v twistd3 >/dev/null && ! command -v twistd >/dev/null; then
    missing+=(python3-twisted)
  fi
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_references
twistd=$(command -v twistd3 || command -v twistd)
only=""
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --only) only="${args[$((i + 1))]:-}" ;;
    --only=*) only="${args[$i]#--only=}" ;;
  esac
done
if [[ -z "$only" || ",$only," == *",operator,"* ]]; then
  bash scripts/testenv # the control plane's binaries; does nothing when they are there
fi
mvn -B -q -ntp -Pbench package -DskipTests -pl bench,runtime-image,operator -am
java -jar bench/target/twistd-bench.jar --repository . --twistd "$twistd" \
  --command "bash bench/run.sh $*" "$@"
