package com.promptfloe.webhooks.ledger;

import java.util.Objects;

/**
 * The answer of {@link DeliveryLedger#begin}: whether the caller now holds the delivery (its id and
 * its signed event together), and if so, under which token.
 *
 * @param key the delivery that was asked for
 * @param state what the ledger found
 * @param token identifies this holder of the delivery when {@code state} is {@link State#NEW}; 0 otherwise
 */
public record Claim(DeliveryKey key, State state, long token) {

    /** What the ledger found for a delivery. */
    public enum State {
        /** The caller holds the delivery and its event now and must complete, fail or forget it. */
        NEW,
        /** Another attempt holds the delivery id or the event under a live lease. */
        IN_FLIGHT,
        /** The delivery id or the event was processed within the dedupe window. */
        DONE
    }

    /**
     * Validates the parts of a claim.
     *
     * @param key the delivery that was asked for
     * @param state what the ledger found
     * @param token the holder's token
     */
    public Claim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }

    /**
     * A claim on a delivery the caller now holds.
     *
     * @param key the delivery
     * @param token the holder's token
     * @return a new claim
     */
    public static Claim acquired(DeliveryKey key, long token) {
        return new Claim(key, State.NEW, token);
    }

    /**
     * A claim that says another attempt holds the delivery id or the event.
     *
     * @param key the delivery
     * @return a claim in flight elsewhere
     */
    public static Claim inFlight(DeliveryKey key) {
        return new Claim(key, State.IN_FLIGHT, 0);
    }

    /**
     * A claim that says the delivery id or the event was processed already.
     *
     * @param key the delivery
     * @return a done claim
     */
    public static Claim done(DeliveryKey key) {
        return new Claim(key, State.DONE, 0);
    }

    /**
     * Whether the caller holds the delivery and may process it.
     *
     * @return {@code true} when {@link #state()} is {@link State#NEW}
     */
    public boolean isNew() {
        return state == State.NEW;
    }

    /**
     * Checks that this claim may be completed, failed or forgotten; ledgers call it first.
     *
     * @return this claim
     * @throws IllegalArgumentException when the claim is not a new one
     */
    public Claim requireNew() {
        if (state != State.NEW) {
            throw new IllegalArgumentException("only a NEW claim can be completed, failed or forgotten, this one is "
                    + state + " for " + key);
        }
        return this;
    }
}
