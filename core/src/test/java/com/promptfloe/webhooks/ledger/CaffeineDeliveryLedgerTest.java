package com.promptfloe.webhooks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineDeliveryLedgerTest extends DeliveryLedgerContract {

    @Override
    protected DeliveryLedger newLedger(TestClock clock) {
        return CaffeineDeliveryLedger.builder().dedupeWindow(WINDOW).inFlightLease(LEASE).clock(clock).build();
    }

    @Test
    void countsDoneKeysEvictedBeforeTheirWindow() {
        CaffeineDeliveryLedger small = CaffeineDeliveryLedger.builder().maximumSize(10).clock(clock).build();
        for (int i = 0; i < 100; i++) {
            small.complete(small.begin(key()));
        }
        assertThat(small.estimatedSize()).isLessThanOrEqualTo(10);
        assertThat(small.prematureEvictions()).isGreaterThanOrEqualTo(90);
    }

    @Test
    void aDeliveryInFlightHoldsTwoEntriesAndADoneOneKeepsOnlyItsEvent() {
        CaffeineDeliveryLedger ledger = CaffeineDeliveryLedger.builder().clock(clock).build();
        Claim claim = ledger.begin(key());
        assertThat(ledger.estimatedSize()).isEqualTo(2);
        ledger.complete(claim);
        assertThat(ledger.estimatedSize()).isEqualTo(1);
        ledger.begin(sameEvent(claim.key(), "deliv_forged"));
        assertThat(ledger.estimatedSize()).as("the forged id is not kept").isEqualTo(1);
    }

    @Test
    void keyPartsAreCheckedAndTheMessageNamesThePart() {
        assertThatThrownBy(() -> new DeliveryKey("default", " ", "evt_1", "deployment.live"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the delivery id of a ledger key must be 1 to 128 characters and not blank; it is 1"
                        + " characters, all blank");
        assertThatThrownBy(() -> new DeliveryKey("default", "deliv_1", "e".repeat(256), "deployment.live"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the event id of a ledger key must be 1 to 255 characters and not blank; it is 256"
                        + " characters");
        assertThatThrownBy(() -> new DeliveryKey("e".repeat(65), "deliv_1", "evt_1", "deployment.live"))
                .hasMessageStartingWith("the endpoint of a ledger key must be 1 to 64");
        assertThatThrownBy(() -> new DeliveryKey("default", "deliv_1", "evt_1", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event type");
        assertThatThrownBy(() -> ledger().begin(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void builderNamesTheBadValue() {
        assertThatThrownBy(() -> CaffeineDeliveryLedger.builder().dedupeWindow(Duration.ofSeconds(-5)))
                .hasMessage("dedupe window must be positive: PT-5S");
        assertThatThrownBy(() -> CaffeineDeliveryLedger.builder().inFlightLease(Duration.ZERO))
                .hasMessage("in-flight lease must be positive: PT0S");
        assertThatThrownBy(() -> CaffeineDeliveryLedger.builder().maximumSize(0))
                .hasMessage("maximum size must be at least 1: 0");
    }
}
