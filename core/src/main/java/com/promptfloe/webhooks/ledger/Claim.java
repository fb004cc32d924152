package com.promptfloe.webhooks.ledger;

import java.util.Objects;

/**
 * The answer of {@link DeliveryLedger#begin}: whether the caller now holds the key, and if so, under
 * which token.
 *
 * @param key the key that was asked for
 * @param state what the ledger found
 * @param token identifies this holder of the key when {@code state} is {@link State#NEW}; 0 otherwise
 */
public record Claim(String key, State state, long token) {

    /** What the ledger found for a key. */
    public enum State {
        /** The caller holds the key now and must complete or forget it. */
        NEW,
        /** Another attempt holds the key under a live lease. */
        IN_FLIGHT,
        /** The key was processed within the dedupe window. */
        DONE
    }

    /**
     * Validates the parts of a claim.
     *
     * @param key the key that was asked for
     * @param state what the ledger found
     * @param token the holder's token
     */
    public Claim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }

    /**
     * A claim on a key the caller now holds.
     *
     * @param key the key
     * @param token the holder's token
     * @return a new claim
     */
    public static Claim acquired(String key, long token) {
        return new Claim(key, State.NEW, token);
    }

    /**
     * A claim that says another attempt holds the key.
     *
     * @param key the key
     * @return a claim in flight elsewhere
     */
    public static Claim inFlight(String key) {
        return new Claim(key, State.IN_FLIGHT, 0);
    }

    /**
     * A claim that says the key was processed already.
     *
     * @param key the key
     * @return a done claim
     */
    public static Claim done(String key) {
        return new Claim(key, State.DONE, 0);
    }

    /**
     * Whether the caller holds the key and may process the delivery.
     *
     * @return {@code true} when {@link #state()} is {@link State#NEW}
     */
    public boolean isNew() {
        return state == State.NEW;
    }

    /**
     * Checks that this claim may be completed or forgotten; ledgers call it first.
     *
     * @return this claim
     * @throws IllegalArgumentException when the claim is not a new one
     */
    public Claim requireNew() {
        if (state != State.NEW) {
            throw new IllegalArgumentException("only a NEW claim can be completed or forgotten, this one is "
                    + state + " for key '" + key + "'");
        }
        return this;
    }
}
