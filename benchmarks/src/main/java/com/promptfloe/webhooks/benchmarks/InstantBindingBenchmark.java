package com.promptfloe.webhooks.benchmarks;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what binding the envelope's {@code createdAt} as an {@link Instant} costs in Yasson against
 * binding it as a String and calling {@link Instant#parse}: a profile of the pipeline showed Yasson
 * building a {@code DateTimeFormatter} for each Instant it reads.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InstantBindingBenchmark {

    private static final byte[] HEAD = ("{\"id\":\"evt_01JS00000000000000000001\",\"type\":\"deployment.live\","
            + "\"createdAt\":\"2026-04-26T12:34:56.789Z\",\"workspaceId\":\"ws_01JS8Q2M4N6P8R0T2V4X6Z8B0D\"}")
            .getBytes(StandardCharsets.UTF_8);

    private Jsonb jsonb;

    /** Creates the benchmark; JMH calls it. */
    public InstantBindingBenchmark() {
    }

    /** Builds the JSON-B instance. */
    @Setup
    public void setUp() {
        jsonb = JsonbBuilder.create();
    }

    /**
     * Closes the JSON-B instance.
     *
     * @throws Exception if Yasson fails to close
     */
    @TearDown
    public void tearDown() throws Exception {
        jsonb.close();
    }

    /**
     * Binds the envelope head with {@code createdAt} as a String; the floor of this pair.
     *
     * @return the creation instant, parsed by {@link Instant#parse}
     */
    @Benchmark
    public Instant floorStringThenInstantParse() {
        return Instant.parse(jsonb.fromJson(new ByteArrayInputStream(HEAD), AsString.class).createdAt);
    }

    /**
     * Binds the envelope head with {@code createdAt} as an Instant, as EventParser does today.
     *
     * @return the creation instant
     */
    @Benchmark
    public Instant yassonInstant() {
        return jsonb.fromJson(new ByteArrayInputStream(HEAD), AsInstant.class).createdAt;
    }

    /** The envelope head with a String timestamp. */
    public static final class AsString {
        /** The event id. */
        public String id;
        /** The event type. */
        public String type;
        /** When the event was created, as sent. */
        public String createdAt;
        /** The workspace. */
        public String workspaceId;

        /** Creates an empty head; JSON-B calls it. */
        public AsString() {
        }
    }

    /** The envelope head with an Instant timestamp. */
    public static final class AsInstant {
        /** The event id. */
        public String id;
        /** The event type. */
        public String type;
        /** When the event was created. */
        public Instant createdAt;
        /** The workspace. */
        public String workspaceId;

        /** Creates an empty head; JSON-B calls it. */
        public AsInstant() {
        }
    }
}
