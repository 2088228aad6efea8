#!/usr/bin/env bash
# Whole-process figures of issue 16, one command: ./bench/whole-process.sh [RUNS] [WORK_DIR]
#
# Makes (once) the 2,000-image dataset of DatasetBenchmark and the LoRA files of WriteBenchLoras
# in WORK_DIR (default /tmp/lorakit-bench-work, about 4.5 GB), then times, alternating, RUNS times
# each (default 7): the PIL header loop, ./lorakit check on the same files with the best JVM the
# launcher finds and with JDK 17 forced, check on a one-image dataset, --version against
# `python3 -c pass`, check --similar with an empty and with a warm hash cache, inspect on 37 MB,
# 295 MB and 1.18 GB LoRAs, and checkpoints (headers, and --stats) on a run of ten 295 MB files.
# Prints the machine and a Markdown table for docs/performance.md.
#
# Needs: Java 17 and Maven (as ./lorakit does), Python 3 with Pillow (Debian: apt-get install
# python3-pil). Optional: a JDK 25+ for the AOT-cache rows; JDK17_HOME to pick the JDK 17.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
work="${2:-/tmp/lorakit-bench-work}"
py="${PYTHON:-python3}"
"$py" -c 'import PIL' 2> /dev/null || py=/usr/bin/python3
"$py" -c 'import PIL' || { echo "bench: needs Pillow (apt-get install python3-pil)" >&2; exit 2; }
mkdir -p "$work"
cd "$here"

./lorakit --version > /dev/null # builds the jar and the launcher's start-up caches
if [[ ! -f "$work/.generated" ]]; then
  echo "bench: generating the dataset and LoRA files in $work (once; several minutes)..." >&2
  # One reactor run: lora-core resolves to its target/classes (nothing is installed).
  mvn -B -q -o -pl lora-safetensors -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt > /dev/null
  java -cp "lora-core/target/classes:lora-core/target/test-classes:$(cat lora-core/target/bench-cp.txt)" \
    dev.lorakit.core.dataset.DatasetBenchmark "$work/dataset" 2000 generate-only > /dev/null
  java -cp "lora-safetensors/target/test-classes:lora-safetensors/target/classes:lora-core/target/classes:$(cat lora-safetensors/target/bench-cp.txt)" \
    dev.lorakit.safetensors.bench.WriteBenchLoras "$work/loras" > /dev/null
  mkdir -p "$work/one/10_one"
  cp "$work/dataset/40_maya_char/img00000."* "$work/one/10_one/"
  touch "$work/.generated"
fi

# The issue's reference set was JPEG/PNG only: Pillow decodes a WebP picture when it opens it
# (2.6 ms each here against 0.27 ms for a JPEG or PNG header), so the PIL loop over the mixed set
# is mostly WebP decoding. The same files without the WebP third, hard-linked:
if [[ ! -f "$work/.jpegpng" ]]; then
  for dir in "$work/dataset"/*/; do
    sub="$work/jpegpng/$(basename "$dir")"
    mkdir -p "$sub"
    for f in "$dir"*.jpg "$dir"*.png; do
      ln -f "$f" "$sub/"
      ln -f "${f%.*}.txt" "$sub/"
    done
  done
  touch "$work/.jpegpng"
fi

jdk17="${JDK17_HOME:-}"
if [[ -z "$jdk17" ]]; then
  for h in /usr/lib/jvm/java-17-openjdk* /usr/lib/jvm/temurin-17* /usr/lib/jvm/*17*; do
    [[ -x "$h/bin/java" ]] && { jdk17="$h"; break; }
  done
fi
best="$(LORAKIT_JAVA_OPTS=-XshowSettings:properties ./lorakit --version 2>&1 | sed -n 's/^ *java.home = //p')"
LORAKIT_JAVA="$jdk17" ./lorakit --version > /dev/null # the JDK 17 CDS archive

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
  "$(free -g | awk '/^Mem/ {print $2}') GiB, $(uname -sr)"
echo "best JVM the launcher found: $best ($("$best/bin/java" -version 2>&1 | head -1))"
echo "JDK 17: $jdk17; Python: $("$py" --version 2>&1), Pillow $("$py" -c 'import PIL; print(PIL.__version__)')"
d="$work/dataset"
l="$work/loras"
cache="$work/phash-cache"
spec="$(mktemp)"
cat > "$spec" << JSON
{"runs": $runs, "load": "$(cat /proc/loadavg)", "rows": [
 {"name": "PIL header loop, 2,000 images + captions", "argv": ["$py", "bench/pil_headers.py", "$d"]},
 {"name": "./lorakit check (all rules), best JVM", "argv": ["./lorakit", "check", "$d", "-q"], "ref": "PIL header loop, 2,000 images + captions"},
 {"name": "./lorakit check (all rules), JDK 17", "argv": ["./lorakit", "check", "$d", "-q"], "env": {"LORAKIT_JAVA": "$jdk17"}, "ref": "PIL header loop, 2,000 images + captions"},
 {"name": "PIL header loop, the 1,334 JPEG/PNG of them + captions", "argv": ["$py", "bench/pil_headers.py", "$work/jpegpng"]},
 {"name": "./lorakit check, the 1,334 JPEG/PNG, best JVM", "argv": ["./lorakit", "check", "$work/jpegpng", "-q"], "ref": "PIL header loop, the 1,334 JPEG/PNG of them + captions"},
 {"name": "./lorakit check, the 1,334 JPEG/PNG, JDK 17", "argv": ["./lorakit", "check", "$work/jpegpng", "-q"], "env": {"LORAKIT_JAVA": "$jdk17"}, "ref": "PIL header loop, the 1,334 JPEG/PNG of them + captions"},
 {"name": "./lorakit check on one image", "argv": ["./lorakit", "check", "$work/one", "-q"]},
 {"name": "python3 -c pass", "argv": ["$py", "-c", "pass"]},
 {"name": "./lorakit --version", "argv": ["./lorakit", "--version"], "ref": "python3 -c pass"},
 {"name": "./lorakit check --similar, empty hash cache", "argv": ["./lorakit", "check", "$d", "-q", "--similar"], "env": {"LORAKIT_CACHE_DIR": "$cache-cold"}, "clear": "$cache-cold", "cold": true},
 {"name": "./lorakit check --similar, warm hash cache", "argv": ["./lorakit", "check", "$d", "-q", "--similar"], "env": {"LORAKIT_CACHE_DIR": "$cache"}},
 {"name": "./lorakit inspect, 37 MB LoRA", "argv": ["./lorakit", "inspect", "$l/qwen_r2_60blocks.safetensors"]},
 {"name": "./lorakit inspect, 295 MB LoRA", "argv": ["./lorakit", "inspect", "$l/qwen_r16_60blocks.safetensors"]},
 {"name": "./lorakit inspect, 1.18 GB LoRA", "argv": ["./lorakit", "inspect", "$l/qwen_r64_60blocks.safetensors"]},
 {"name": "./lorakit checkpoints, ten 295 MB files", "argv": ["./lorakit", "checkpoints", "$l/run"]},
 {"name": "./lorakit checkpoints --stats, ten 295 MB files", "argv": ["./lorakit", "checkpoints", "$l/run", "--stats"]}
]}
JSON
"$py" bench/whole_process.py "$spec"
rm -f "$spec"
