#!/usr/bin/env bash
# Builds the benchmarks module and runs one suite:
#   benchmarks/run.sh short   JMH, about 6 minutes: 1 fork, 5 x 1 s measurement
#   benchmarks/run.sh full    JMH, about 25 minutes: 3 forks, 10 x 1 s measurement
#   benchmarks/run.sh memory  heap bytes per remembered delivery at 1,000,000 deliveries
#   benchmarks/run.sh memory what-if   the same for two leaner key layouts (see FootprintWhatIf)
#   benchmarks/run.sh load    end to end over loopback: the quickstart WAR's webhook endpoint against a
#                             bare servlet added to a copy of the same WAR, on port 28080
#   benchmarks/run.sh cluster the JDBC ledger and the JDBC inbox against the database's own rate for the
#                             same statements (and pgbench on PostgreSQL), at 1, 4 and 16 threads, on
#                             PostgreSQL 127.0.0.1:5432 and MariaDB 127.0.0.1:3306 (database test); about
#                             11 minutes. Arguments: [postgresql|mariadb|both] [seconds per run] [rounds]
#                             [threads]; default both 8 2 1,4,16
# Warm-up is set per benchmark class (@Warmup): the pipeline needs a long one on a busy machine.
# Extra arguments go to JMH (a benchmark regex, -prof gc, ...), to the memory probe (a count), or to the
# load generator (bodyBytes phaseSeconds rounds threads maxRequestsPerPhase warmupSeconds; default
# 1024 8 3 4 100000 20). LOAD_VARIANTS="noop-observer" runs one WAR variant only; the journal's variants
# (noop-observer-journal-off, noop-observer-jdbc, noop-observer-jdbc-journal-off) run only when named there.
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
        # "quickstart" as it is (its Micrometer registry gets the library's meters), "metrics-off" the
        # same with promptfloe.webhooks.metrics.enabled=false (the cost of the meters), and
        # "noop-observer" with its demo observers, whose in-memory list of received events grows with
        # every request, replaced by one that does nothing.
        secret=whsec_load_comparison_only_not_a_real_secret
        classes=benchmarks/target/classes/com/promptfloe/webhooks/benchmarks/load
        for variant in ${LOAD_VARIANTS:-quickstart metrics-off noop-observer}; do
            metrics=true
            [ "$variant" = metrics-off ] && metrics=false
            # The delivery journal's cost, each on the noop-observer WAR: "noop-observer-journal-off" without it
            # (noop-observer keeps the default in-memory one); "noop-observer-jdbc" on the JDBC ledger with its
            # default JDBC journal and "noop-observer-jdbc-journal-off" without, PostgreSQL at 127.0.0.1 (tables
            # of their own, dropped after).
            journal=true
            jdbc=()
            case "$variant" in *journal-off) journal=false ;; esac
            case "$variant" in noop-observer-jdbc*)
                jdbc=(--jdbc-url jdbc:postgresql://127.0.0.1:5432/test --jdbc-user postgres) ;; esac
            tables="pfw_load_ledger_$$ pfw_load_journal_$$"
            war="benchmarks/target/load-war-$variant"
            rm -rf "$war"
            mkdir -p "$war"
            (cd "$war" && jar xf "$root/examples/quickstart/target/promptfloe-webhooks-example-quickstart.war")
            mkdir -p "$war/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load"
            cp "$classes/BareServlet.class" "$war/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
            if [[ "$variant" = noop-observer* ]]; then
                rm -rf "$war/WEB-INF/classes/com/promptfloe/webhooks/examples"
                cp "$classes/NoopObserver.class" "$war/WEB-INF/classes/com/promptfloe/webhooks/benchmarks/load/"
            fi
            PROMPTFLOE_WEBHOOKS_SECRET="$secret" PROMPTFLOE_WEBHOOKS_METRICS_ENABLED=$metrics \
                PROMPTFLOE_WEBHOOKS_JOURNAL_ENABLED=$journal PROMPTFLOE_WEBHOOKS_LEDGER_TABLE=pfw_load_ledger_$$ \
                PROMPTFLOE_WEBHOOKS_JOURNAL_TABLE=pfw_load_journal_$$ \
                PROMPTFLOE_WEBHOOKS_TRACING_ENABLED=$metrics java -Xmx1g \
                -cp "examples/runner/target/classes:$(cat examples/runner/target/runtime.classpath)" \
                com.promptfloe.webhooks.examples.runner.Launcher --war "$war" --port 28080 --no-demo ${jdbc[@]+"${jdbc[@]}"} \
                > "benchmarks/target/load-server-$variant.log" 2>&1 &
            server=$!
            trap 'kill "$server" 2>/dev/null || true' EXIT
            echo "== $variant"
            # body 1 KiB, 8 s phases, 3 rounds, 4 client threads, at most 100,000 requests a phase, 20 s warm-up
            java -cp "$jar" com.promptfloe.webhooks.benchmarks.LoadComparison http://127.0.0.1:28080/ "$secret" \
                "${@:-1024}" $([ $# -gt 0 ] || echo 8 3 4 100000 20)
            kill "$server"
            wait "$server" 2>/dev/null || true
            if [ ${#jdbc[@]} -gt 0 ]; then
                for table in $tables; do psql -q -h 127.0.0.1 -U postgres test -c "DROP TABLE IF EXISTS $table"; done
            fi
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
        echo "usage: benchmarks/run.sh short|full|memory|load|cluster [JMH, probe, load or cluster arguments]" >&2
        exit 2
        ;;
esac
