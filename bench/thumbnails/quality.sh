#!/usr/bin/env bash
# How the image qualities were chosen: posters of the real clips in ../shared/media at every width, written as WebP
# and JPEG at a range of qualities and compared with the resized frame by SSIM; storyboard sheets the same; animated
# preview bytes per libwebp quality. Prints mean SSIM and bytes per setting.
#   bench/thumbnails/quality.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"
mvnw -o -pl pipeline-core,testkit install -DskipTests 2>/dev/null || mvnw -pl pipeline-core,testkit install -DskipTests
mvnw -o -pl thumbnail-worker test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="thumbnail-worker/target/test-classes:thumbnail-worker/target/classes:$(cat thumbnail-worker/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.reelpipe.thumbnail.poster.QualitySweep "$@"
