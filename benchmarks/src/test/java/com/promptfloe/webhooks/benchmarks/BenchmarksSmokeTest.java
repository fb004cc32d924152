package com.promptfloe.webhooks.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.SkillCompleted;
import com.promptfloe.webhooks.ledger.Claim;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each benchmark method, called once outside JMH, computes the right answer: no timing here. */
class BenchmarksSmokeTest {

    @ParameterizedTest
    @ValueSource(ints = {1024, 16384})
    void fixturesHaveTheExactSizeAndAreValidEnvelopes(int size) {
        byte[] body = Fixtures.skillCompleted(Fixtures.id("evt_", 7), size);
        byte[] stripe = Fixtures.stripeShaped(Fixtures.id("evt_", 7), size);

        assertThat(body).hasSize(size);
        assertThat(stripe).hasSize(size);
        assertThat(Fixtures.id("evt_", 7)).isEqualTo("evt_01JS00000000000000000007");
        assertThat(new String(body, 0, 41, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"evt_01JS00000000000000000007\",\"typ");
    }

    @Test
    void everyVerificationAccepts() throws Exception {
        VerificationBenchmark benchmark = new VerificationBenchmark();
        benchmark.bodySize = 1024;
        benchmark.setUp();

        assertThat(benchmark.floor()).isTrue();
        assertThat(benchmark.promptfloe()).isEqualTo(Fixtures.SIGNED_AT.getEpochSecond());
        assertThat(benchmark.stripe()).isTrue();
        assertThat(benchmark.stripePreDecoded()).isTrue();
    }

    @Test
    void thePipelineProcessesNewDeliveriesAcrossMoreThanOnePoolRound() throws Exception {
        PipelineBenchmark benchmark = new PipelineBenchmark();
        benchmark.bodySize = 1024;
        benchmark.setUp();
        try {
            for (int i = 0; i < 3 * PipelineBenchmark.POOL; i++) {
                var result = benchmark.promptfloe();
                assertThat(result.outcome()).as("invocation %d", i).isEqualTo(Outcome.PROCESSED);
                assertThat(result.event()).isInstanceOf(SkillCompleted.class);
            }
            assertThat(benchmark.floorHmacYasson().getString("type")).isEqualTo("skill.completed");
            assertThat(benchmark.stripeConstructEvent().getType()).isEqualTo("skill.completed");
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void theJournalBenchmarkProcessesDeliveriesWithAndWithoutTheInMemoryJournal() {
        JournalBenchmark.NoJournal none = new JournalBenchmark.NoJournal();
        JournalBenchmark.InMemory memory = new JournalBenchmark.InMemory();
        none.setUp();
        memory.setUp();
        for (int i = 0; i < 3 * PipelineBenchmark.POOL; i++) {
            assertThat(none.receive().outcome()).isEqualTo(com.promptfloe.webhooks.Outcome.PROCESSED);
            assertThat(memory.receive().outcome()).isEqualTo(com.promptfloe.webhooks.Outcome.PROCESSED);
        }
    }

    @Test
    void theLedgerClaimsFreshKeys() {
        LedgerBenchmark benchmark = new LedgerBenchmark();
        LedgerBenchmark.SharedLedger shared = new LedgerBenchmark.SharedLedger();
        shared.setUp();
        LedgerBenchmark.KeySequence first = new LedgerBenchmark.KeySequence();
        first.setUp();
        LedgerBenchmark.KeySequence second = new LedgerBenchmark.KeySequence();
        second.setUp();

        Claim a = benchmark.oneThread(shared, first);
        Claim b = benchmark.twoThreads(shared, second);

        assertThat(a.isNew()).isTrue();
        assertThat(b.isNew()).isTrue();
        assertThat(a.key()).isNotEqualTo(b.key());
        assertThat(shared.ledger.begin(a.key()).state()).isEqualTo(Claim.State.DONE);
    }

    @Test
    void theFootprintFillRemembersEveryDeliveryByItsEventKeyAsTheReceiverDoes() {
        var ledger = com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger.builder().maximumSize(1_000).build();
        LedgerFootprint.fill(ledger, 100, Fixtures.ENDPOINT);

        assertThat(ledger.estimatedSize()).isEqualTo(100);
        assertThat(ledger.begin(LedgerFootprint.key(Fixtures.ENDPOINT, 42)).state()).isEqualTo(Claim.State.DONE);
        // The delivery key was released: only the event key is kept, as the receiver leaves it.
        assertThat(ledger.estimatedSize()).isEqualTo(100);
    }

    @Test
    void bothInstantBindingsReadTheSameInstant() throws Exception {
        InstantBindingBenchmark benchmark = new InstantBindingBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.yassonInstant()).isEqualTo(java.time.Instant.parse("2026-04-26T12:34:56.789Z"))
                    .isEqualTo(benchmark.floorStringThenInstantParse());
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void everyEnvelopeBindingReadsTheSameEnvelope() throws Exception {
        EnvelopeBindingBenchmark benchmark = new EnvelopeBindingBenchmark();
        benchmark.bodySize = 1024;
        benchmark.setUp();
        try {
            SkillCompleted event = (SkillCompleted) benchmark.eventParser();
            assertThat(benchmark.floorJsonObject().getJsonObject("data").getString("markdown"))
                    .isEqualTo(event.markdown());
            for (EnvelopeBindingBenchmark.Envelope envelope
                    : new EnvelopeBindingBenchmark.Envelope[] {benchmark.publicFieldClasses(),
                            benchmark.publicFieldClassesFromString()}) {
                assertThat(envelope.id).isEqualTo(event.id());
                assertThat(envelope.data.markdown).isEqualTo(event.markdown());
                assertThat(envelope.data.insights).hasSize(2);
                assertThat(envelope.data.tokensUsed).isEqualTo(18234L);
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
