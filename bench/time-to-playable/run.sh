#!/usr/bin/env bash
# Time to playable: upload done -> first segment playable through the CDN edge, for a 1080p upload, the whole pipeline
# on this machine (engines from infra/local/services.sh). Prints the median and its ratio to Mux's 2.0 s.
#   bench/time-to-playable/run.sh [SECONDS=30] [RUNS=5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"
bash infra/local/services.sh ensure
mvnw -DskipTests install
mvnw -pl e2e test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.reelpipe.e2e.TimeToPlayableBenchmark "$@"
