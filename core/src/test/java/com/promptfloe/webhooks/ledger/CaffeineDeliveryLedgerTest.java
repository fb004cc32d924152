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
            small.complete(small.begin("deliv_" + i));
        }
        assertThat(small.estimatedSize()).isLessThanOrEqualTo(10);
        assertThat(small.prematureEvictions()).isGreaterThanOrEqualTo(90);
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
