package com.promptfloe.webhooks.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.event.EventMetadata;
import com.promptfloe.webhooks.event.UnknownEvent;
import org.junit.jupiter.api.Test;

class ReceivedEventsTest {

    @Test
    void keepsTheLatestCallsInOrderUpToItsCapacity() {
        ReceivedEvents received = new ReceivedEvents();
        for (int i = 0; i <= ReceivedEvents.CAPACITY; i++) {
            received.add("onAnyEvent", new UnknownEvent(EventMetadata.of("evt_" + i, "thing.happened", null, null,
                    "deliv_" + i, null)));
        }
        assertThat(received.all()).hasSize(ReceivedEvents.CAPACITY);
        assertThat(received.all().get(0).eventId()).isEqualTo("evt_1");
        assertThat(received.all().get(ReceivedEvents.CAPACITY - 1).eventId()).isEqualTo("evt_" + ReceivedEvents.CAPACITY);
    }
}
