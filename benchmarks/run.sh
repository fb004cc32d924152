#!/usr/bin/env bash
# Builds the benchmarks module and runs one suite:
#   benchmarks/run.sh short   JMH, about 6 minutes: 1 fork, 5 x 1 s measurement
#   benchmarks/run.sh full    JMH, about 25 minutes: 3 forks, 10 x 1 s measurement
#   benchmarks/run.sh memory  heap bytes per remembered delivery at 1,000,000 deliveries
#   benchmarks/run.sh memory what-if   the same for two leaner key layouts (see FootprintWhatIf)
#   benchmarks/run.sh load    end to end over loopback: the quickstart WAR's webhook endpoint against a
#                             bare servlet added to a copy of the same WAR, on port 28080
# Warm-up is set per benchmark class (@Warmup): the pipeline needs a long one on a busy machine.
# Extra arguments go to JMH (a benchmark regex, -prof gc, ...) or to the memory probe (a count).
# Each JMH run writes benchmarks/target/jmh-<mode>.json and prints it as a table of ratios to the floor.
set -euo pipefail

mode="${1:-short}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

jar=benchmarks/target/benchmarks.jar
if [ "$mode" = load ]; then
    mvn -q -B -Dmaven.test.skip=true -Djacoco.skip=true -pl examples/runner,examples/quickstart,benchmarks -am package
else
    mvn -q -B -pl benchmarks -am package -DskipTests
fi

jmh() {
    local result="benchmarks/target/jmh-$mode.json"
    java -jar "$jar" "$@" -rf json -rff "$result"
    echo
    java -cp "$jar" com.promptfloe.webhooks.benchmarks.Ratios "$result"
}

case "$mode" in
    short)
        jmh -f 1 -i 5 -r 1s "$@"
        ;;
    full)
        jmh -f 3 -i 10 -r 1s "$@"
        ;;
    memory)
        if [ "${1:-}" = what-if ]; then
            shift
            java -Xmx3g -cp "$jar" com.promptfloe.webhooks.benchmarks.FootprintWhatIf "$@"
        else
            # JOL needs to attach to its own JVM to size Caffeine's hidden classes.
            java -Xmx3g -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
                -cp "$jar" com.promptfloe.webhooks.benchmarks.LedgerFootprint "$@"
        fi
        ;;
    load)
        # A copy of the quickstart WAR with BareServlet added: same application, same runtime.
        war=benchmarks/target/load-war
        rm -rf "$war"
        mkdir -p "$war/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load"
        (cd "$war" && jar xf "$root/examples/quickstart/target/promptfloe-webhooks-example-quickstart.war")
        cp benchmarks/target/classes/com/promptfloe/webhooks/benchmarks/load/BareServlet.class \
            "$war/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
        secret=whsec_load_comparison_only_not_a_real_secret
        PROMPTFLOE_WEBHOOKS_SECRET="$secret" java -Xmx1g \
            -cp "examples/runner/target/classes:$(cat examples/runner/target/runtime.classpath)" \
            com.promptfloe.webhooks.examples.runner.Launcher --war "$war" --port 28080 --no-demo \
            > benchmarks/target/load-server.log 2>&1 &
        server=$!
        trap 'kill "$server" 2>/dev/null || true' EXIT
        java -cp "$jar" com.promptfloe.webhooks.benchmarks.LoadComparison http://127.0.0.1:28080/ "$secret" "$@"
        ;;
    *)
        echo "usage: benchmarks/run.sh short|full|memory|load [JMH, probe or load arguments]" >&2
        exit 2
        ;;
esac
