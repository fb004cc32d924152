package com.promptfloe.webhooks.ledger;

/**
 * Remembers which deliveries are being processed and which are done, so that a delivery PromptFloe
 * sends again reaches the application once.
 *
 * <p>Implement it to keep the ledger somewhere else (the JDBC ledger shares it between nodes); the
 * receiver calls it like this:
 *
 * <pre>{@code
 * Claim claim = ledger.begin(key);
 * if (claim.isNew()) {
 *     try {
 *         process();
 *         ledger.complete(claim);
 *     } catch (Exception e) {
 *         ledger.forget(claim);   // PromptFloe's retry will be processed
 *     }
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * Every operation is atomic per key, also across the nodes that share an implementation:
 * <ul>
 *   <li>{@link #begin} answers {@link Claim.State#NEW} to exactly one caller for a key that is absent,
 *       whose in-flight lease has expired, or whose done entry has outlived the dedupe window. That
 *       caller now holds the key in flight. A key in flight under a live lease answers
 *       {@link Claim.State#IN_FLIGHT}; a key done within the window answers
 *       {@link Claim.State#DONE}.</li>
 *   <li>{@link #complete} marks the key done for the dedupe window, whatever state it is in: the work
 *       was done, and remembering that is always right.</li>
 *   <li>{@link #forget} removes the key only while it is still in flight under this very claim: it
 *       never undoes a done key, nor a claim another caller took over after the lease expired.</li>
 * </ul>
 * An implementation that cannot answer (a database that is down) throws {@link LedgerException}; the
 * receiver then answers 503 so that PromptFloe retries, and acknowledges nothing.
 */
public interface DeliveryLedger {

    /** The longest key a ledger must accept; the receiver's keys are endpoint, kind and id. */
    int MAX_KEY_LENGTH = 255;

    /**
     * Checks a key the way every implementation must: implementations call it first in {@link #begin}.
     *
     * @param key the key
     * @return the key
     * @throws IllegalArgumentException when it is null, blank or longer than {@link #MAX_KEY_LENGTH}
     */
    static String requireValidKey(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a ledger key must be 1 to " + MAX_KEY_LENGTH
                    + " characters and not blank: '" + key + "'");
        }
        return key;
    }

    /**
     * Begins processing {@code key}, or tells why not.
     *
     * @param key a non-blank key, at most 255 characters
     * @return a claim; {@link Claim#isNew()} says whether the caller may process the delivery
     * @throws LedgerException when the ledger cannot be reached
     */
    Claim begin(String key);

    /**
     * Marks the claimed key done for the dedupe window.
     *
     * @param claim a claim this ledger answered {@link Claim.State#NEW}
     * @throws IllegalArgumentException when the claim is not a new one
     * @throws LedgerException when the ledger cannot be reached
     */
    void complete(Claim claim);

    /**
     * Forgets the claimed key after a failed attempt, so that the next delivery of it is processed.
     *
     * @param claim a claim this ledger answered {@link Claim.State#NEW}
     * @throws IllegalArgumentException when the claim is not a new one
     * @throws LedgerException when the ledger cannot be reached
     */
    void forget(Claim claim);
}
