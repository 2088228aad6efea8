#!/usr/bin/env bash
# In-process JMH figures: ./bench/jmh.sh [WORK_DIR] [JMH options, e.g. ScanBenchmark -f 1]
# Uses the files ./bench/whole-process.sh generates (run it first). The module is in the build
# only with -Pbench, so `mvn verify` neither builds nor runs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/lorakit-bench-work}"
shift || true
cd "$here"
mvn -B -q -Pbench -pl bench/jmh -am package -DskipTests > /dev/null
mvn -B -q -Pbench -pl bench/jmh dependency:build-classpath -Dmdep.outputFile=target/cp.txt > /dev/null
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load: $(cat /proc/loadavg)"
java -Dlorakit.bench.dir="$work" -cp "bench/jmh/target/classes:$(cat bench/jmh/target/cp.txt)" \
  org.openjdk.jmh.Main -jvmArgsAppend "-Dlorakit.bench.dir=$work" "$@"
echo "load after: $(cat /proc/loadavg)"
