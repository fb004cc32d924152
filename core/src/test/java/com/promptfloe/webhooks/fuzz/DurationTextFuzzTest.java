package com.promptfloe.webhooks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.promptfloe.webhooks.internal.DurationText;
import java.time.Duration;
import java.util.Optional;

public class DurationTextFuzzTest {

    /**
     * Every text is a duration or empty (the configuration then names the key and the forms), never
     * an exception; a duration read once reads the same from its ISO-8601 form.
     */
    @FuzzTest(maxDuration = "10m")
    void parsesOrRejectsEveryText(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of a campaign ({@code core/fuzz.sh}); the same check as the test. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String text = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        Optional<Duration> parsed = DurationText.parse(text);
        parsed.ifPresent(duration -> assertThat(DurationText.parse(duration.toString())).contains(duration));
    }
}
