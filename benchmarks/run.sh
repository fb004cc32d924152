#!/usr/bin/env bash
# Builds the benchmarks module and runs one suite:
#   benchmarks/run.sh short   JMH, a few minutes: 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement
#   benchmarks/run.sh full    JMH, about 20 minutes: 2 forks, 4 x 2 s warm-up, 6 x 2 s measurement
#   benchmarks/run.sh memory  heap bytes per remembered delivery at 1,000,000 deliveries
# Extra arguments go to JMH (a benchmark regex, -prof gc, ...) or to the memory probe (a count).
# Each JMH run writes benchmarks/target/jmh-<mode>.json and prints it as a table of ratios to the floor.
set -euo pipefail

mode="${1:-short}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mvn -q -B -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar

jmh() {
    local result="benchmarks/target/jmh-$mode.json"
    java -jar "$jar" "$@" -rf json -rff "$result"
    echo
    java -cp "$jar" com.promptfloe.webhooks.benchmarks.Ratios "$result"
}

case "$mode" in
    short)
        jmh -f 1 -wi 2 -i 3 -w 1s -r 1s "$@"
        ;;
    full)
        jmh -f 2 -wi 4 -i 6 -w 2s -r 2s "$@"
        ;;
    memory)
        # JOL needs to attach to its own JVM to size Caffeine's hidden classes.
        java -Xmx3g -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
            -cp "$jar" com.promptfloe.webhooks.benchmarks.LedgerFootprint "$@"
        ;;
    *)
        echo "usage: benchmarks/run.sh short|full|memory [JMH or probe arguments]" >&2
        exit 2
        ;;
esac
