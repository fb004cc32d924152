package com.promptfloe.webhooks.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The chaos run's judge: what counts as processed, as a duplicate, and as allowed by the bound. */
class ChaosRecordTest {

    private static final long KILLED_PID = 100;
    private static final long KILL_AT = 10_000;

    private static ChaosRecord.Run run(long id, String event, long pid, long started, Long ended, String outcome) {
        return new ChaosRecord.Run(id, event, "a", pid, started, ended, outcome);
    }

    @Test
    void aRunCutShortByAKillAndRunAgainIsADuplicateWithinTheBound() {
        ChaosRecord record = ChaosRecord.of(List.of(
                run(1, "evt_1", KILLED_PID, 9_990, null, null),
                run(2, "evt_1", 200, 20_000, 20_030L, "finished")));

        assertThat(record.processed()).containsExactly("evt_1");
        assertThat(record.processedTwice()).containsOnlyKeys("evt_1");
        assertThat(record.interrupted(Map.of(KILLED_PID, KILL_AT), 0, 0)).containsExactly("evt_1");
    }

    @Test
    void aDeadEntryWhoseEveryAttemptThrewOnPurposeIsDeadAsDesignedAndNoOtherIs() {
        ChaosRecord record = ChaosRecord.of(List.of(
                run(1, "evt_3", 200, 1_000, 1_030L, "threw"),
                run(2, "evt_3", 200, 1_300, 1_330L, "threw"),
                run(3, "evt_3", 300, 1_800, 1_830L, "threw"),
                run(4, "evt_4", 200, 1_000, 1_030L, "threw"),
                run(5, "evt_4", 200, 1_300, 1_330L, "threw"),
                run(6, "evt_5", 200, 1_000, 1_030L, "threw"),
                run(7, "evt_5", KILLED_PID, 9_990, null, null),
                run(8, "evt_5", 300, 20_000, 20_030L, "threw")));

        // evt_4 died after two attempts of three, evt_5 had a run cut short: both would be lost.
        assertThat(record.deadAsDesigned(Set.of("evt_3", "evt_4", "evt_5"), 3)).containsExactly("evt_3");
        assertThat(record.deadAsDesigned(Set.of("evt_3"), 4)).isEmpty();
        assertThat(record.processed()).isEmpty();
    }

    @Test
    void twoFinishedRunsWithNoKillOrOutageAreADuplicateOutsideTheBound() {
        ChaosRecord record = ChaosRecord.of(List.of(
                run(1, "evt_2", 200, 1_000, 1_030L, "finished"),
                run(2, "evt_2", 300, 5_000, 5_030L, "finished")));

        assertThat(record.processedTwice()).containsOnlyKeys("evt_2");
        assertThat(record.interrupted(Map.of(KILLED_PID, KILL_AT), 0, 0)).isEmpty();
    }

    @Test
    void aRunThatThrewOnPurposeIsTheRetryNotADuplicate() {
        ChaosRecord record = ChaosRecord.of(List.of(
                run(1, "evt_3", 200, 1_000, 1_030L, "threw"),
                run(2, "evt_3", 300, 2_000, 2_030L, "finished")));

        assertThat(record.processedTwice()).isEmpty();
        assertThat(record.processed()).containsExactly("evt_3");
        assertThat(record.count("threw")).isEqualTo(1);
    }

    @Test
    void anEventWithoutAFinishedRunIsNotProcessed() {
        ChaosRecord record = ChaosRecord.of(List.of(
                run(1, "evt_4", KILLED_PID, 9_000, null, null),
                run(2, "evt_4", 200, 12_000, 12_030L, "threw")));

        assertThat(record.processed()).isEmpty();
        assertThat(record.count(null)).isEqualTo(1);
    }

    @Test
    void theBoundCountsRunsOnTheKilledNodeAtItsKillAndRunsOverlappingTheOutage() {
        ChaosRecord record = ChaosRecord.of(List.of(
                // ended 400 ms before the kill: its delivery may not be recorded done yet
                run(1, "evt_late", KILLED_PID, 9_500, 9_600L, "finished"),
                // ended 2 s before the kill: done long before
                run(2, "evt_early", KILLED_PID, 7_900, 8_000L, "finished"),
                // running at that moment, but on another node
                run(3, "evt_other_node", 200, 9_990, 10_020L, "finished"),
                // running when the database went down
                run(4, "evt_outage", 200, 29_900, null, null),
                // started after the database was back
                run(5, "evt_after", 200, 40_000, 40_030L, "finished")));

        assertThat(record.interrupted(Map.of(KILLED_PID, KILL_AT), 30_000, 35_000))
                .containsExactlyInAnyOrder("evt_late", "evt_outage");
    }
}
