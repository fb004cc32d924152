package com.promptfloe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.VerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {

    /**
     * Computed outside Java:
     * {@code printf '1777206896.' | cat - body1.json | openssl dgst -sha256 -hmac whsec_test_secret}.
     */
    private static final long T1 = 1777206896L;
    private static final String BODY1_TEST_SECRET = "87308837dea1f71b43ec8c6ed8109f40509615e0fc6398f2987cd340278cc865";
    /** The same body and time, keyed with {@code whsec_rotated_secret}. */
    private static final String BODY1_ROTATED_SECRET = "82e768b48e2916120ed38f8d70271bfaa48dafc38f924f2ea4956e6d3d1ff8b0";
    /** body2.json holds UTF-8 multibyte characters; the secret {@code sécret} too; t=1700000000. */
    private static final String BODY2_NON_ASCII_SECRET = "230a5ae6a58122ffbe29acaa5707fedd78f3e0899275aa04739c9a776c232fec";
    /** An empty body at t=1700000000 with {@code whsec_test_secret}. */
    private static final String EMPTY_BODY_TEST_SECRET = "316b9ab98c15bfa039d243f3196acee619cf29749a91a634e6a8154e2f7b6727";

    private static final Secret TEST = Secret.of("whsec_test_secret");
    private static final Secret ROTATED = Secret.of("whsec_rotated_secret");
    private static final String OTHER_HEX = "0".repeat(64);

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SignatureVerifierTest.class.getResourceAsStream("/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static SignatureVerifier verifier(long now, Secret... secrets) {
        return SignatureVerifier.builder().secrets(List.of(secrets)).clock(at(now)).build();
    }

    private static Reason reasonOf(SignatureVerifier verifier, String header, byte[] body) {
        try {
            verifier.verify(header, body);
        } catch (VerificationException e) {
            return e.reason();
        }
        return null;
    }

    @Test
    void acceptsOpensslVector() throws Exception {
        assertThat(verifier(T1, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET, resource("body1.json")))
                .isEqualTo(T1);
    }

    @Test
    void acceptsNonAsciiBodyAndSecretVector() throws Exception {
        SignatureVerifier verifier = verifier(1700000000L, Secret.of("sécret"));
        verifier.verify("t=1700000000,v1=" + BODY2_NON_ASCII_SECRET, resource("body2.json"));
    }

    @Test
    void acceptsEmptyBodyVector() throws Exception {
        verifier(1700000000L, TEST).verify("t=1700000000,v1=" + EMPTY_BODY_TEST_SECRET, new byte[0]);
    }

    @Test
    void acceptsUpperCaseHex() throws Exception {
        verifier(T1, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET.toUpperCase(Locale.ROOT),
                resource("body1.json"));
    }

    @Test
    void signerMatchesOpenssl() throws Exception {
        assertThat(Signer.of(TEST).header(Instant.ofEpochSecond(T1), resource("body1.json")))
                .isEqualTo("t=" + T1 + ",v1=" + BODY1_TEST_SECRET);
        assertThat(Signer.of(TEST, ROTATED).header(Instant.ofEpochSecond(T1).plusMillis(999), resource("body1.json")))
                .isEqualTo("t=" + T1 + ",v1=" + BODY1_TEST_SECRET + ",v1=" + BODY1_ROTATED_SECRET);
    }

    @Test
    void refusesTamperedBodyWithAHintAboutRawBytes() throws Exception {
        byte[] body = resource("body1.json");
        body[body.length - 3] ^= 1;
        assertThatThrownBy(() -> verifier(T1, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET, body))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE))
                .hasMessageContaining("raw bytes");
    }

    @Test
    void refusesReserialisedJson() throws Exception {
        String pretty = new String(resource("body1.json"), StandardCharsets.UTF_8).replace(",\"", ", \"");
        assertThat(reasonOf(verifier(T1, TEST), "t=" + T1 + ",v1=" + BODY1_TEST_SECRET,
                pretty.getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void refusesWrongSecret() throws Exception {
        assertThat(reasonOf(verifier(T1, Secret.of("whsec_wrong")), "t=" + T1 + ",v1=" + BODY1_TEST_SECRET,
                resource("body1.json"))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void refusesSignatureOverAnotherTimestamp() throws Exception {
        assertThat(reasonOf(verifier(T1, TEST), "t=" + (T1 + 1) + ",v1=" + BODY1_TEST_SECRET,
                resource("body1.json"))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsEitherSecretDuringRotation() throws Exception {
        SignatureVerifier both = verifier(T1, TEST, ROTATED);
        both.verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET, resource("body1.json"));
        both.verify("t=" + T1 + ",v1=" + BODY1_ROTATED_SECRET, resource("body1.json"));
        assertThat(reasonOf(verifier(T1, TEST), "t=" + T1 + ",v1=" + BODY1_ROTATED_SECRET, resource("body1.json")))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsWhenOneOfSeveralV1Matches() throws Exception {
        verifier(T1, TEST).verify("t=" + T1 + ",v1=" + OTHER_HEX + ",v1=" + BODY1_TEST_SECRET + ",v1=" + OTHER_HEX,
                resource("body1.json"));
    }

    @ParameterizedTest(name = "clock at t{0} s")
    @ValueSource(longs = {-300, -1, 0, 1, 300})
    void acceptsTimestampsWithinToleranceBothWays(long offset) throws Exception {
        verifier(T1 + offset, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET, resource("body1.json"));
    }

    @Test
    void refusesStaleTimestampSayingHowOld() throws Exception {
        assertThatThrownBy(() -> verifier(T1 + 301, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET,
                resource("body1.json")))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_TOLERANCE))
                .hasMessageContaining("301 s in the past");
    }

    @Test
    void refusesFutureTimestamp() throws Exception {
        assertThatThrownBy(() -> verifier(T1 - 301, TEST).verify("t=" + T1 + ",v1=" + BODY1_TEST_SECRET,
                resource("body1.json")))
                .hasMessageContaining("301 s in the future");
    }

    @Test
    void customToleranceApplies() throws Exception {
        SignatureVerifier strict = SignatureVerifier.builder().secret(TEST).tolerance(Duration.ofSeconds(10))
                .clock(at(T1 + 11)).build();
        assertThat(reasonOf(strict, "t=" + T1 + ",v1=" + BODY1_TEST_SECRET, resource("body1.json")))
                .isEqualTo(Reason.OUTSIDE_TOLERANCE);
    }

    @Test
    void staleForgedSignatureIsReportedAsMismatchNotAsStale() throws Exception {
        // Only a genuine signature earns the more specific answer.
        assertThat(reasonOf(verifier(T1 + 10_000, TEST), "t=" + T1 + ",v1=" + OTHER_HEX, resource("body1.json")))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void messagesNeverContainSecretsOrExpectedSignatures() throws Exception {
        byte[] body = resource("body1.json");
        for (String header : List.of("t=" + T1 + ",v1=" + OTHER_HEX, "t=" + (T1 - 1000) + ",v1=" + BODY1_TEST_SECRET)) {
            try {
                verifier(T1 + 1000, TEST).verify(header, body);
            } catch (VerificationException e) {
                assertThat(e.getMessage()).doesNotContain("whsec_test_secret")
                        .doesNotContainIgnoringCase(BODY1_TEST_SECRET);
            }
        }
    }

    static Stream<Arguments> malformedHeaders() {
        String v1 = "v1=" + "a".repeat(64);
        return Stream.of(
                Arguments.of(null, Reason.MISSING, "no X-PromptFloe-Signature"),
                Arguments.of("", Reason.MALFORMED, "empty"),
                Arguments.of("   ", Reason.MALFORMED, "empty"),
                Arguments.of("garbage", Reason.MALFORMED, "not key=value"),
                Arguments.of(v1, Reason.MALFORMED, "no t="),
                Arguments.of("t=1700000000", Reason.MALFORMED, "no v1"),
                Arguments.of("t=1700000000,v0=" + "a".repeat(64), Reason.MALFORMED, "no v1"),
                Arguments.of("t=1,t=2," + v1, Reason.MALFORMED, "more than one t"),
                Arguments.of("t=-5," + v1, Reason.MALFORMED, "whole unix seconds"),
                Arguments.of("t=abc," + v1, Reason.MALFORMED, "whole unix seconds"),
                Arguments.of("t=1.5," + v1, Reason.MALFORMED, "whole unix seconds"),
                Arguments.of("t=," + v1, Reason.MALFORMED, "t is empty"),
                Arguments.of("t=99999999999999999999," + v1, Reason.MALFORMED, "plausible"),
                Arguments.of("t=1700000000,v1=abc", Reason.MALFORMED, "64 hex characters, one is 3"),
                Arguments.of("t=1700000000,v1=" + "a".repeat(63), Reason.MALFORMED, "one is 63"),
                Arguments.of("t=1700000000,v1=" + "a".repeat(65), Reason.MALFORMED, "one is 65"),
                Arguments.of("t=1700000000,v1=" + "g".repeat(64), Reason.MALFORMED, "not hex"),
                Arguments.of("t=1700000000,v1=bad_signature,v1=" + "g".repeat(64), Reason.MALFORMED,
                        "one is 13 (and no other v1 is readable)"),
                Arguments.of("t=1700000000,," + v1, Reason.MALFORMED, "empty item"),
                Arguments.of("t=1700000000," + v1 + ",", Reason.MALFORMED, "empty item"),
                Arguments.of("t=1700000000," + ("v0=" + "b".repeat(64) + ",").repeat(60) + v1, Reason.MALFORMED,
                        "more than 4096"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("malformedHeaders")
    void refusesMalformedHeadersWithSpecificReason(String header, Reason reason, String messagePart) {
        assertThatThrownBy(() -> verifier(1700000000L, TEST).verify(header, new byte[0]))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    static Stream<String> tolerantHeaders() {
        String sig = "v1=" + EMPTY_BODY_TEST_SECRET;
        return Stream.of(
                "t=1700000000," + sig,
                " t=1700000000 , " + sig + " ",
                "t = 1700000000,\t" + sig,
                sig + ",t=1700000000",
                "t=1700000000,v0=whatever," + sig,
                "t=1700000000,v2=" + "c".repeat(64) + "," + sig + ",scheme=x",
                // stripe-java accepts these for the same scheme: an unreadable v1 beside a valid one
                // can never match, so it is skipped and the valid one decides.
                "t=1700000000," + sig + ",v1=bad_signature",
                "t=1700000000,v1=bad_signature," + sig,
                "t=1700000000,v1=" + "g".repeat(64) + "," + sig + ",v1=");
    }

    @Test
    void anUnreadableV1BesideAReadableWrongOneIsAMismatchNotMalformed() {
        assertThat(reasonOf(verifier(1700000000L, TEST), "t=1700000000,v1=" + OTHER_HEX + ",v1=bad_signature",
                new byte[0])).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @ParameterizedTest
    @MethodSource("tolerantHeaders")
    void toleratesWhitespaceOrderAndOtherSchemes(String header) throws Exception {
        assertThat(verifier(1700000000L, TEST).verify(header, new byte[0])).isEqualTo(1700000000L);
    }

    @Test
    void builderRefusesBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> SignatureVerifier.builder().tolerance(Duration.ofSeconds(-5)))
                .hasMessage("tolerance must be at least one second: PT-5S");
        assertThatThrownBy(() -> SignatureVerifier.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("promptfloe.webhooks.secret");
    }
}
