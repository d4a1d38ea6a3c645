#!/usr/bin/env bash
# Measures live-reload latency on this machine (see README.md). Run from the repository root.
set -euo pipefail
mvn -B -q -o install -pl api,runtime-image -DskipTests
classpath_file=$(mktemp)
mvn -B -q -o -pl runtime-image dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
java -cp "runtime-image/target/test-classes:runtime-image/target/classes:$(cat "$classpath_file")" \
  io.twistd.runtime.config.reload.ReloadLatencyBench
rm -f "$classpath_file"
