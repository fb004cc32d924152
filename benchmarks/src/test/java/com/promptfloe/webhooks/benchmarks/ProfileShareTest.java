package com.promptfloe.webhooks.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProfileShare reads a real JFR recording and charges each CPU sample to the right part. */
class ProfileShareTest {

    @TempDir
    Path dir;

    @Test
    void samplesInsideAJournalClassCountForTheJournal() throws Exception {
        Path file = dir.resolve("spin.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            long sum = InMemoryDeliveryJournalSpin.spin(Duration.ofMillis(600));
            recording.stop();
            recording.dump(file);
            assertThat(sum).isNotZero();
        }

        ProfileShare.Samples samples = ProfileShare.count(file);

        long journal = samples.parts().get("delivery journal (listener and in-memory journal)");
        assertThat(samples.total()).isPositive();
        assertThat(journal).as("samples in the spinning journal class, of %d", samples.total())
                .isGreaterThan(samples.total() / 2);
        assertThat(samples.parts().get("OpenTelemetry listener (spans and metrics, with the SDK calls it makes)"))
                .isZero();
    }

    @Test
    void aRecordingWithoutCpuSamplesIsRefusedNamingTheFix() throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertThat(Files.size(file)).isPositive();

        assertThatThrownBy(() -> ProfileShare.count(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds no jdk.ExecutionSample").hasMessageContaining("settings=profile");
    }

    /** Named like the in-memory journal, so that its samples are the journal's. */
    static final class InMemoryDeliveryJournalSpin {
        static long spin(Duration time) {
            long end = System.nanoTime() + time.toNanos();
            long sum = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 10_000; i++) {
                    sum += Long.rotateLeft(sum ^ i, 7) * 31;
                }
            }
            return sum | 1;
        }
    }
}
