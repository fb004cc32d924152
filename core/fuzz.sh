#!/usr/bin/env bash
# Fuzzes core's Jazzer targets for a chosen time (coverage-guided), where `mvn verify` only replays
# the inputs kept in the repository (regression mode):
#
#   core/fuzz.sh SignatureHeaderFuzzTest 10m     # one target; the time in s, m or h (default 1m)
#   core/fuzz.sh all 10m                         # every target, one after the other
#
# Targets: SignatureHeaderFuzzTest, EventParserFuzzTest, DurationTextFuzzTest, AdmitPathFuzzTest
# (core/src/test/java/com/promptfloe/webhooks/fuzz) and ConfigurationFuzzTest (the Jakarta EE
# module's configuration check, jakarta-ee/src/test/java/.../jakarta/internal). Each runs standalone Jazzer on the class's
# fuzzerTestOneInput, the same check as its @FuzzTest. It starts from the kept inputs and writes
# what reaches new code to core/target/fuzz-corpus/<target>/; a failing input is written straight
# into the kept inputs, so it is a regression test from then on. Copy the useful part of the corpus
# there too (`cp core/target/fuzz-corpus/<target>/* <kept inputs dir>/`) to keep what was learnt.
# An input that runs longer than 10 s counts as a finding (a hang), like an exception.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?which target: SignatureHeaderFuzzTest, EventParserFuzzTest, DurationTextFuzzTest, AdmitPathFuzzTest, ConfigurationFuzzTest or all}"
duration="${2:-1m}"
case "$duration" in
    *h) seconds=$(( ${duration%h} * 3600 )) ;;
    *m) seconds=$(( ${duration%m} * 60 )) ;;
    *s) seconds=${duration%s} ;;
    *) seconds=$duration ;;
esac
targets=("$target")
[[ "$target" == all ]] && targets=(SignatureHeaderFuzzTest EventParserFuzzTest DurationTextFuzzTest AdmitPathFuzzTest
    ConfigurationFuzzTest)

for t in "${targets[@]}"; do
    module=core package=com.promptfloe.webhooks.fuzz
    if [[ "$t" == ConfigurationFuzzTest ]]; then
        module=jakarta-ee package=com.promptfloe.webhooks.jakarta.internal
    fi
    mvn -B -ntp -q -pl "$module" -am test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz.classpath \
        -Dmdep.includeScope=test -Djacoco.skip=true >/dev/null
    classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz.classpath")"
    resources="$module/src/test/resources/${package//.//}"
    kept="$(ls -d "$resources/${t}Inputs"/*/ 2>/dev/null | head -n 1)"
    [[ -n "$kept" ]] || { echo "fuzz: no kept inputs directory for $t under $resources" >&2; exit 2; }
    corpus="$module/target/fuzz-corpus/$t"
    mkdir -p "$corpus"
    echo "fuzz: $t for ${seconds}s, starting from $kept"
    # The receive path logs every refusal; millions of log lines would be most of the campaign's time.
    java -Djava.util.logging.config.file=/dev/null -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
        --target_class="$package.$t" --instrumentation_includes='com.promptfloe.**' \
        -max_total_time="$seconds" -timeout=10 -artifact_prefix="$kept" -print_final_stats=1 "$corpus" "$kept"
done
