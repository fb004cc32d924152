package com.promptfloe.webhooks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.promptfloe.webhooks.VerificationException;
import com.promptfloe.webhooks.internal.SignatureHeader;

public class SignatureHeaderFuzzTest {

    /**
     * Whatever the header, parsing either gives a usable header or refuses it with a
     * {@link VerificationException} that says why: never another exception.
     */
    @FuzzTest(maxDuration = "10m")
    void parsesOrRefusesEveryHeader(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of a campaign ({@code core/fuzz.sh}); the same check as the test. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String header = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        SignatureHeader parsed;
        try {
            parsed = SignatureHeader.parse(header);
        } catch (VerificationException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).startsWith(header == null ? "no X-PromptFloe-Signature" : "X-PromptFloe-Signature is malformed: ");
            return;
        }
        assertThat(header.length()).isLessThanOrEqualTo(SignatureHeader.MAX_LENGTH);
        assertThat(parsed.timestamp()).isNotNegative();
        assertThat(parsed.signatures()).isNotEmpty().allSatisfy(digest -> assertThat(digest).hasSize(32));
    }
}
