package com.promptfloe.webhooks.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ledger.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryJournalTest extends DeliveryJournalContract {

    @Override
    protected DeliveryJournal newJournal(TestClock clock) {
        return InMemoryDeliveryJournal.builder().maxRecords(CAPACITY).retention(RETENTION).clock(clock).build();
    }

    @Test
    void theOldestRecordsMakeWayWhenFull() {
        InMemoryDeliveryJournal small = InMemoryDeliveryJournal.builder().maxRecords(4).clock(clock).build();
        for (String id : new String[] {"a", "b", "a", "c", "d"}) {
            small.append(request(id, Outcome.PROCESSED));
        }

        assertThat(small.size()).isEqualTo(4);
        assertThat(small.find(JournalQuery.newest(10)).records()).extracting(JournalRecord::deliveryId)
                .containsExactly("d", "c", "a", "b");
        // The first "a" is gone (and "b" makes way now), so a new "a" is the second the journal holds.
        small.append(request("a", Outcome.DUPLICATE));
        assertThat(small.history("default", "a")).extracting(JournalRecord::attempt).containsExactly(2, 2);
    }

    @Test
    void badBoundsAreRefused() {
        assertThatThrownBy(() -> InMemoryDeliveryJournal.builder().maxRecords(0))
                .hasMessageContaining("maxRecords must be at least 1");
        assertThatThrownBy(() -> InMemoryDeliveryJournal.builder().retention(Duration.ZERO))
                .hasMessageContaining("retention must be positive");
    }
}
