#!/usr/bin/env bash
# Measures live-reload latency on this machine (see README.md). Run from the repository root.
# Compiles in place and installs nothing: this checkout's classes come first on the class path.
set -euo pipefail
mvn -B -q -o test-compile -pl api,runtime-image
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -o -pl runtime-image dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
java -cp "runtime-image/target/test-classes:runtime-image/target/classes:api/target/classes:$(cat "$classpath_file")" \
  io.twistd.runtime.config.reload.ReloadLatencyBench
