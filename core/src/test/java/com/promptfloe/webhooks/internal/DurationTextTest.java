package com.promptfloe.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "10s,PT10S", "5m,PT5M", "48h,PT48H", "2d,PT48H", "PT5M,PT5M", "pt5m,PT5M",
        "' 300 s ',PT5M", "P2D,PT48H"})
    void readsBothForms(String text, String expected) {
        assertThat(DurationText.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5", "5 minutes", "-5m", "1.5h", "9999999999999999999999s", "PT"})
    void refusesEverythingElse(String text) {
        assertThat(DurationText.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"P7D, 7d", "PT48H, 2d", "PT36H, 36h", "PT5M, 5m", "PT90S, 90s",
        "PT0.5S, 500ms", "PT0S, 0s", "PT0.0000001S, PT0.0000001S"})
    void formatsInTheLargestWholeUnitAndReadsBack(String iso, String text) {
        Duration duration = java.time.Duration.parse(iso);

        assertThat(DurationText.format(duration)).isEqualTo(text);
        assertThat(DurationText.parse(text)).contains(duration);
    }
}
