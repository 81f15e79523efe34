#!/usr/bin/env bash
# The image package of a 60 s 1080p video: ReelPipe's thumbnail stages (one ffmpeg pass, scoring, imgscalr, WebP and
# JPEG, placeholder, storyboard, preview) against one plain ffmpeg run making the same files (scale + libwebp +
# mjpeg, tile, libwebp_anim), in one run on this machine. Prints each run, the stage medians and the ratio.
#   bench/thumbnails/run.sh [RUNS=5] [SOURCE]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"
mvnw -o -pl .,pipeline-core,testkit install -DskipTests 2>/dev/null || mvnw -pl .,pipeline-core,testkit install -DskipTests
mvnw -o -pl thumbnail-worker test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="thumbnail-worker/target/test-classes:thumbnail-worker/target/classes:$(cat thumbnail-worker/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.reelpipe.thumbnail.ThumbnailBenchmark "$@"
