package com.promptfloe.webhooks.jakarta.it.app;

import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application's own ledger bean: replaces the default, and counts its use so the test can tell. */
@ApplicationScoped
public class CountingLedger implements DeliveryLedger {

    private final DeliveryLedger delegate = CaffeineDeliveryLedger.builder().build();

    @Inject
    CallRecorder recorder;

    @Override
    public Claim begin(DeliveryKey key) {
        recorder.record("ledger-begin");
        return delegate.begin(key);
    }

    @Override
    public void complete(Claim claim) {
        delegate.complete(claim);
    }

    @Override
    public void forget(Claim claim) {
        delegate.forget(claim);
    }
}
