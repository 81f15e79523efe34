#!/usr/bin/env bash
# tus upload over loopback: upload-api against the reference Node server @tus/server (with @tus/s3-store), both
# writing S3 multipart uploads of 8 MiB parts to the local S3 endpoint, both fed by the same client (the official
# tus-js-client under Node), in one run. upload-api runs with its heap capped at 256 MiB. Prints each run, the median
# throughputs, their ratio and the peak heap of each server.
#   bench/tus/run.sh [MIB=1024] [RUNS=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"
bash infra/local/services.sh ensure
(cd bench/tus && npm ci --no-audit --no-fund --loglevel=error)
(cd upload-api/src/test/node && npm ci --no-audit --no-fund --loglevel=error)
mvnw -pl .,pipeline-core,testkit install -DskipTests
mvnw -pl upload-api test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="upload-api/target/test-classes:upload-api/target/classes:$(cat upload-api/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$cp" \
  io.reelpipe.upload.tus.TusUploadBenchmark "$@"
