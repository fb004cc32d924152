package com.promptfloe.webhooks.inbox;

import com.promptfloe.webhooks.ledger.TestClock;

/** Keeps the test inbox honest, so that the worker tests rest on an inbox that keeps the contract. */
class InMemoryDeliveryInboxTest extends DeliveryInboxContract {

    @Override
    protected DeliveryInbox newInbox(TestClock clock) {
        return new InMemoryDeliveryInbox(clock);
    }
}
