#!/usr/bin/env bash
# Run the quickstart: build what it needs, start the example WAR on embedded Jetty 12 + Weld +
# SmallRye Config, play the emulator's demo stream of PromptFloe deliveries at it, and serve until
# Ctrl-C.
#
#   ./quickstart.sh                      # http://127.0.0.1:8088/, demo stream included, delivery console on
#                                        # (demo-only users and their random passwords printed at the end)
#   ./quickstart.sh --port 9090          # another port (0 picks a free one)
#   ./quickstart.sh --no-demo            # start and serve only
#   ./quickstart.sh --example web-xml    # the web.xml-only example, MicroProfile Config hidden
#   ./quickstart.sh --mode inbox         # inbox mode: store, answer 202, observers run afterwards (in-memory H2)
#   ./quickstart.sh --port 0 --jdbc-url jdbc:postgresql://127.0.0.1:5432/test --jdbc-user postgres
#                                        # a cluster node: the jdbc ledger on a shared database (add --mode inbox
#                                        # for the inbox there); start several, each on its own port
#   ./quickstart.sh --help               # every option
#
# Needs Java 17+ and Maven 3.8.1+. The secret comes from PROMPTFLOE_WEBHOOKS_SECRET when set,
# else from the example's demo-only default; the demo signs with the same one.
set -euo pipefail
cd "$(dirname "$0")"

example=quickstart
launcher_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --example)
            [[ $# -ge 2 ]] || { echo "--example needs a name: quickstart or web-xml" >&2; exit 2; }
            example="$2"; shift 2 ;;
        *)
            launcher_args+=("$1"); shift ;;
    esac
done
case "$example" in
    # The quickstart has the login pages the delivery console's demo users log in through.
    quickstart) launcher_args+=(--console) ;;
    web-xml) launcher_args+=(--no-mp-config) ;;
    *) echo "Unknown example '$example': choose quickstart or web-xml" >&2; exit 2 ;;
esac

for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "quickstart.sh needs $tool (Java 17+, Maven 3.8.1+) on the PATH." >&2; exit 1; }
done

modules="examples/runner,examples/$example"
echo "Building the $example example and what it needs (mvn -q package -pl $modules -am, tests skipped)..."
mvn -q -B -DskipTests -Djacoco.skip=true -pl "$modules" -am package

exec java -cp "examples/runner/target/classes:$(cat examples/runner/target/runtime.classpath)" \
    com.promptfloe.webhooks.examples.runner.Launcher \
    --war "examples/$example/target/promptfloe-webhooks-example-$example.war" ${launcher_args[@]+"${launcher_args[@]}"}
