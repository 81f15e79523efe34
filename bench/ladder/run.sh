#!/usr/bin/env bash
# Ladder transcode wall time: ReelPipe's one-process ladder against the plain ffmpeg CLI (same ladder, same settings)
# and against one ffmpeg run per rung, in one run on this machine. Prints medians and ratios.
#   bench/ladder/run.sh [SECONDS=20] [RUNS=3] [PRESET=veryfast]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"
mvnw -o -pl .,pipeline-core,testkit install -DskipTests 2>/dev/null || mvnw -pl .,pipeline-core,testkit install -DskipTests
mvnw -pl transcoder-worker test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="transcoder-worker/target/test-classes:transcoder-worker/target/classes:$(cat transcoder-worker/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.reelpipe.transcode.bench.LadderBenchmark "$@"
