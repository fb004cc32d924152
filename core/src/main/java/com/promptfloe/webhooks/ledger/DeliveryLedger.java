package com.promptfloe.webhooks.ledger;

/**
 * Remembers which deliveries are being processed and which are done, so that a delivery PromptFloe
 * sends again, or a captured one replayed under a forged delivery id, reaches the application once.
 *
 * <p>Implement it to keep the ledger somewhere else (the JDBC ledger shares it between nodes); the
 * receiver calls it like this:
 *
 * <pre>{@code
 * Claim claim = ledger.begin(new DeliveryKey(endpoint, deliveryId, eventId, eventType));
 * if (claim.isNew()) {
 *     try {
 *         process();
 *         ledger.complete(claim);
 *     } catch (Exception e) {
 *         ledger.fail(claim, e.toString());   // PromptFloe's retry will be processed
 *     }
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * A claim covers a delivery id and its signed event id together (each scoped to the endpoint). Every
 * operation is atomic per delivery, also across the nodes that share an implementation:
 * <ul>
 *   <li>{@link #begin} answers {@link Claim.State#NEW} to exactly one caller when neither the delivery
 *       id nor the event id is held: absent, in flight under an expired lease, failed, or done longer
 *       ago than the dedupe window. That caller now holds both. When either id is in flight under a
 *       live lease it answers {@link Claim.State#IN_FLIGHT}, when either was done within the window
 *       {@link Claim.State#DONE}; a refused begin leaves nothing behind, so an id an attacker forged
 *       is never remembered.</li>
 *   <li>{@link #complete} marks the event done for the dedupe window, whatever state it is in: the
 *       work was done, and remembering that is always right. Every later delivery of the event,
 *       under any delivery id, is then {@code DONE}.</li>
 *   <li>{@link #forget} and {@link #fail} release the claim only while it is still in flight under
 *       this very claim: they never undo a done delivery, nor a claim another caller took over after
 *       the lease expired. After either, the next begin of the delivery is {@code NEW}.</li>
 * </ul>
 * An implementation that cannot answer (a database that is down) throws {@link LedgerException}; the
 * receiver then answers 503 so that PromptFloe retries, and acknowledges nothing.
 */
public interface DeliveryLedger {

    /**
     * Begins processing a delivery, or tells why not.
     *
     * @param key the delivery and its event
     * @return a claim; {@link Claim#isNew()} says whether the caller may process the delivery
     * @throws NullPointerException when the key is null
     * @throws LedgerException when the ledger cannot be reached
     */
    Claim begin(DeliveryKey key);

    /**
     * Marks the claimed delivery and its event done for the dedupe window.
     *
     * @param claim a claim this ledger answered {@link Claim.State#NEW}
     * @throws IllegalArgumentException when the claim is not a new one
     * @throws LedgerException when the ledger cannot be reached
     */
    void complete(Claim claim);

    /**
     * Releases the claimed delivery without a trace, so that the next delivery of it is processed
     * (the receiver does this when what should keep the delivery, such as an inbox, could not).
     *
     * @param claim a claim this ledger answered {@link Claim.State#NEW}
     * @throws IllegalArgumentException when the claim is not a new one
     * @throws LedgerException when the ledger cannot be reached
     */
    void forget(Claim claim);

    /**
     * Releases the claimed delivery after its processing failed, so that the next delivery of it is
     * processed; a ledger that keeps records (the JDBC ledger) keeps the failure visible. By default
     * the same as {@link #forget}.
     *
     * @param claim a claim this ledger answered {@link Claim.State#NEW}
     * @param error what went wrong, for the people reading the record; may be cut to 2,000 characters
     * @throws IllegalArgumentException when the claim is not a new one
     * @throws LedgerException when the ledger cannot be reached
     */
    default void fail(Claim claim, String error) {
        forget(claim);
    }
}
