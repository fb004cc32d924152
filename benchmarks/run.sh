#!/usr/bin/env bash
# Builds the benchmarks module and runs one suite:
#   benchmarks/run.sh short   JMH, about 6 minutes: 1 fork, 5 x 1 s measurement
#   benchmarks/run.sh full    JMH, about 25 minutes: 3 forks, 10 x 1 s measurement
#   benchmarks/run.sh memory  heap bytes per remembered delivery at 1,000,000 deliveries
#   benchmarks/run.sh memory what-if   the same for two leaner key layouts (see FootprintWhatIf)
#   benchmarks/run.sh load    end to end over loopback: the quickstart WAR's webhook endpoint against a
#                             bare servlet added to a copy of the same WAR, on port 28080; and the
#                             same endpoint with metrics and tracing on (28080) against off (28081)
#   benchmarks/run.sh telemetry-listeners  the metrics and tracing listeners alone, CPU per delivery
#                             (TelemetryListenerCost), about 4 minutes. Arguments: [deliveries per
#                             round] [rounds] [warm-up rounds] [threads] [deliveries a second];
#                             default 50000 15 5 4 20000
#   benchmarks/run.sh cluster the JDBC ledger and the JDBC inbox against the database's own rate for the
#                             same statements (and pgbench on PostgreSQL), at 1, 4 and 16 threads, on
#                             PostgreSQL 127.0.0.1:5432 and MariaDB 127.0.0.1:3306 (database test); about
#                             11 minutes. Arguments: [postgresql|mariadb|both] [seconds per run] [rounds]
#                             [threads]; default both 8 2 1,4,16
# Warm-up is set per benchmark class (@Warmup): the pipeline needs a long one on a busy machine.
# Extra arguments go to JMH (a benchmark regex, -prof gc, ...), to the memory probe (a count), or to the
# load generator (bodyBytes phaseSeconds rounds threads maxRequestsPerPhase warmupSeconds; default
# 1024 8 3 4 100000 20; the telemetry variant's: bodyBytes phaseSeconds rounds threads maxRequestsPerPhase
# warmupSeconds, default 1024 8 12 4 100000 60; every span sampled, or LOAD_SAMPLER_RATIO=0.1 for a tenth of
# the traces; LOAD_TRACING=false for metrics only). LOAD_VARIANTS="telemetry" runs one variant only; the
# journal's variants (noop-observer-journal-off, noop-observer-jdbc, noop-observer-jdbc-journal-off) run
# only when named there; "journal" runs the in-memory journal on and off side by side (TelemetryCost),
# 8 rounds after 60 s of warm-up, and prints each server's young collections (-Xlog:gc).
# LOAD_PROFILE=true records the server on 28080 with JFR (settings=profile, a CPU sample every 1 ms,
# the 60 s after its first 70) and, for the telemetry and journal variants, prints the share of its CPU
# samples in the listeners (ProfileShare); the recording slows that server, so the run's throughput and
# CPU figures then compare a profiled server with one that is not: read the shares only.
# Each JMH run writes benchmarks/target/jmh-<mode>.json and prints it as a table of ratios to the floor.
set -euo pipefail

mode="${1:-short}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

jar=benchmarks/target/benchmarks.jar
if [ "$mode" = load ]; then
    # -DskipTests, not -Dmaven.test.skip: that would not build core's test JAR, which jdbc's test dependencies still ask for.
    mvn -q -B -DskipTests -Djacoco.skip=true -pl examples/runner,examples/quickstart,benchmarks -am package
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
    telemetry-listeners)
        java -Xmx3g -cp "$jar" com.promptfloe.webhooks.benchmarks.TelemetryListenerCost "$@"
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
        # Copies of the quickstart WAR, each with BareServlet added (same application, same runtime):
        # "quickstart" as it is (its Micrometer registry gets the library's meters), and
        # "noop-observer" with its demo observers, whose in-memory list of received events grows with
        # every request, replaced by one that does nothing. Each is compared with its bare servlet.
        # "telemetry" is the noop-observer WAR plus an OpenTelemetry SDK and a Prometheus registry
        # (TelemetryBeans), run twice at once, metrics and tracing on (28080) and off (28081), and
        # compared with itself: the cost of the library's metrics and spans (TelemetryCost).
        secret=whsec_load_comparison_only_not_a_real_secret
        classes=benchmarks/target/classes/com/promptfloe/webhooks/benchmarks/load
        servers=()
        trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done' EXIT
        # war_copy <dir> <variant>: the quickstart WAR exploded, with the benchmark's classes added
        war_copy() {
            rm -rf "$1"
            mkdir -p "$1"
            (cd "$1" && jar xf "$root/examples/quickstart/target/promptfloe-webhooks-example-quickstart.war")
            mkdir -p "$1/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load"
            cp "$classes/BareServlet.class" "$1/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
            if [ "$2" != quickstart ]; then
                rm -rf "$1/WEB-INF/classes/com/promptfloe/webhooks/examples"
                cp "$classes/NoopObserver.class" "$1/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
            fi
            if [ "$2" = telemetry ]; then
                cp "$classes"/TelemetryBeans*.class "$1/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
                cp benchmarks/target/load-lib/*.jar "$1/WEB-INF/lib/"
            fi
        }
        # serve <war> <port> <telemetry on: true|false> <log> [<journal on> [launcher options]]: starts the
        # examples' runtime in the background
        serve() {
            local tracing=$3
            [ "$3" = true ] && tracing=${LOAD_TRACING:-true}
            local profile=()
            if [ "${LOAD_PROFILE:-false}" = true ] && [ "$2" = 28080 ]; then
                local recording=settings=profile,jdk.ExecutionSample#period=1ms,delay=70s,duration=60s
                profile=(-XX:StartFlightRecording="$recording",filename="${4%.log}.jfr")
            fi
            PROMPTFLOE_WEBHOOKS_SECRET="$secret" PROMPTFLOE_WEBHOOKS_METRICS_ENABLED=$3 \
                PROMPTFLOE_WEBHOOKS_TRACING_ENABLED=$tracing PROMPTFLOE_WEBHOOKS_JOURNAL_ENABLED=${5:-true} \
                PROMPTFLOE_WEBHOOKS_LEDGER_TABLE=pfw_load_ledger_$$ PROMPTFLOE_WEBHOOKS_JOURNAL_TABLE=pfw_load_journal_$$ \
                java -Xmx1g -Xlog:gc:file="${4%.log}-gc.log" ${profile[@]+"${profile[@]}"} \
                ${LOAD_SAMPLER_RATIO:+-Dload.sampler.ratio=$LOAD_SAMPLER_RATIO} \
                -cp "examples/runner/target/classes:$(cat examples/runner/target/runtime.classpath)" \
                com.promptfloe.webhooks.examples.runner.Launcher --war "$1" --port "$2" --no-demo "${@:6}" > "$4" 2>&1 &
            servers+=($!)
        }
        # profile_share <recording>: with LOAD_PROFILE=true, the share of the server's CPU samples in the
        # listeners, the journal and the SDK's threads (ProfileShare)
        profile_share() {
            if [ "${LOAD_PROFILE:-false}" = true ]; then
                java -cp "$jar" com.promptfloe.webhooks.benchmarks.ProfileShare "$1"
            fi
        }
        for variant in ${LOAD_VARIANTS:-quickstart noop-observer telemetry}; do
            echo "== $variant ($(uptime | sed 's/.*load/load/'))"
            servers=()
            if [ "$variant" = telemetry ]; then
                war_copy benchmarks/target/load-war-telemetry-on telemetry
                war_copy benchmarks/target/load-war-telemetry-off telemetry
                serve benchmarks/target/load-war-telemetry-on 28080 true benchmarks/target/load-server-telemetry-on.log
                serve benchmarks/target/load-war-telemetry-off 28081 false benchmarks/target/load-server-telemetry-off.log
                # body 1 KiB, 8 s phases, 12 rounds, 4 client threads, at most 100,000 requests a phase, 60 s warm-up
                java -Dload.pids="${servers[0]},${servers[1]}" -cp "$jar" com.promptfloe.webhooks.benchmarks.TelemetryCost \
                    http://127.0.0.1:28080/ http://127.0.0.1:28081/ "$secret" "${@:-1024}" \
                    $([ $# -gt 0 ] || echo 8 12 4 100000 60)
                # A comparison with a no-op OpenTelemetry would measure nothing: the server with telemetry
                # must have recorded into TelemetryBeans' SDK and registry.
                if ! grep -q "through the MicroProfile Telemetry bean, Micrometer meters in the MeterRegistry bean" \
                        benchmarks/target/load-server-telemetry-on.log; then
                    echo "the server with telemetry did not use TelemetryBeans' OpenTelemetry SDK and registry (see" \
                        "benchmarks/target/load-server-telemetry-on.log): this comparison measured nothing" >&2
                    exit 1
                fi
                profile_share benchmarks/target/load-server-telemetry-on.jfr
            elif [ "$variant" = journal ]; then
                # The in-memory journal (with the quickstart's payloads) on (28080) against off (28081),
                # side by side as the telemetry variant, each server's garbage collections logged.
                war_copy benchmarks/target/load-war-journal-on noop-observer
                war_copy benchmarks/target/load-war-journal-off noop-observer
                serve benchmarks/target/load-war-journal-on 28080 false \
                    benchmarks/target/load-server-journal-on.log true
                serve benchmarks/target/load-war-journal-off 28081 false \
                    benchmarks/target/load-server-journal-off.log false
                java -Dload.what=journal -Dload.pids="${servers[0]},${servers[1]}" -cp "$jar" \
                    com.promptfloe.webhooks.benchmarks.TelemetryCost http://127.0.0.1:28080/ http://127.0.0.1:28081/ \
                    "$secret" "${@:-1024}" $([ $# -gt 0 ] || echo 8 8 4 100000 60)
                for side in on off; do
                    awk -v side="$side" '/Pause Young/ { n++; sub(/ms$/, "", $NF); total += $NF; heap = $(NF-1) }
                        END { printf "journal %s: %d young collections, %.0f ms of pauses in all; the last: %s\n",
                              side, n, total, heap }' "benchmarks/target/load-server-journal-$side-gc.log"
                done
                profile_share benchmarks/target/load-server-journal-on.jfr
            else
                # The delivery journal's cost, each on the noop-observer WAR: "noop-observer-journal-off" without it
                # (noop-observer keeps the default in-memory one); "noop-observer-jdbc" on the JDBC ledger with its
                # default JDBC journal and "noop-observer-jdbc-journal-off" without, PostgreSQL at 127.0.0.1 (tables
                # of their own, dropped after).
                journal=true
                jdbc=()
                case "$variant" in *journal-off) journal=false ;; esac
                case "$variant" in noop-observer-jdbc*)
                    jdbc=(--jdbc-url jdbc:postgresql://127.0.0.1:5432/test --jdbc-user postgres) ;; esac
                war="benchmarks/target/load-war-$variant"
                war_copy "$war" "$variant"
                serve "$war" 28080 true "benchmarks/target/load-server-$variant.log" "$journal" ${jdbc[@]+"${jdbc[@]}"}
                # body 1 KiB, 8 s phases, 3 rounds, 4 client threads, at most 100,000 requests a phase, 20 s warm-up
                java -cp "$jar" com.promptfloe.webhooks.benchmarks.LoadComparison http://127.0.0.1:28080/ "$secret" \
                    "${@:-1024}" $([ $# -gt 0 ] || echo 8 3 4 100000 20)
            fi
            for s in "${servers[@]}"; do
                kill "$s"
                wait "$s" 2>/dev/null || true
            done
            if [[ "$variant" = noop-observer-jdbc* ]]; then
                for table in pfw_load_ledger_$$ pfw_load_journal_$$; do
                    psql -q -h 127.0.0.1 -U postgres test -c "DROP TABLE IF EXISTS $table"
                done
            fi
            grep -h "operability" benchmarks/target/load-server-$variant*.log || true
            grep -h "telemetry recorded" benchmarks/target/load-server-$variant*.log | tail -1 || true
        done
        ;;
    cluster)
        databases="${1:-both}"
        [ "$databases" = both ] && databases="postgresql mariadb"
        for database in $databases; do
            java -cp "$jar" com.promptfloe.webhooks.benchmarks.cluster.ClusterBenchmark "$database" \
                "${2:-8}" "${3:-2}" "${4:-1,4,16}" 2>&1 | grep -v -e '^SLF4J' -e ' ready$' -e '^INFO: PromptFloe'
        done
        ;;
    *)
        echo "usage: benchmarks/run.sh short|full|memory|load|telemetry-listeners|cluster [JMH, probe, load, listener or cluster arguments]" >&2
        exit 2
        ;;
esac
