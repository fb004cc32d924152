package com.promptfloe.webhooks.journal;

import java.util.List;

/**
 * One page of journal records, newest first.
 *
 * @param records the records
 * @param more whether more records match after this page
 */
public record JournalPage(List<JournalRecord> records, boolean more) {

    /**
     * Copies the records.
     *
     * @param records the records
     * @param more whether more follow
     */
    public JournalPage {
        records = List.copyOf(records);
    }
}
