package com.promptfloe.webhooks.benchmarks;

import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Splits the pipeline's parse cost: a profile of {@code PipelineBenchmark.promptfloe} at 1 KiB put 78%
 * of its samples in {@code EventParser.read}, 42% in Yasson's {@code JsonbCreatorDeserializer} (the
 * path Yasson takes for records) and 9% in creating a parser over an {@code InputStream}. Compares
 * {@link EventParser} with binding the same envelope into plain classes with public fields.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 10, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBindingBenchmark {

    /** Body size in bytes. */
    @Param({"1024", "16384"})
    public int bodySize;

    private byte[] body;
    private Jsonb jsonb;
    private EventParser parser;

    /** Creates the benchmark; JMH calls it. */
    public EnvelopeBindingBenchmark() {
    }

    /** Builds the body, JSON-B and the parser. */
    @Setup
    public void setUp() {
        body = Fixtures.skillCompleted(Fixtures.id("evt_", 3), bodySize);
        jsonb = JsonbBuilder.create();
        parser = EventParser.create();
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
     * The floor of the pipeline benchmark's parse: the whole body into a {@link JsonObject}.
     *
     * @return the object
     */
    @Benchmark
    public JsonObject floorJsonObject() {
        return jsonb.fromJson(new ByteArrayInputStream(body), JsonObject.class);
    }

    /**
     * What the receiver does today: {@link EventParser#parse(byte[], String, String)}.
     *
     * @return the typed event
     * @throws MalformedEventException never, the body is valid
     */
    @Benchmark
    public PromptFloeEvent eventParser() throws MalformedEventException {
        return parser.parse(body, "deliv_1", "skill.completed");
    }

    /**
     * The same envelope into classes with public fields, read from an {@code InputStream}.
     *
     * @return the envelope
     */
    @Benchmark
    public Envelope publicFieldClasses() {
        return jsonb.fromJson(new ByteArrayInputStream(body), Envelope.class);
    }

    /**
     * The same envelope into classes with public fields, read from the body decoded to a String.
     *
     * @return the envelope
     */
    @Benchmark
    public Envelope publicFieldClassesFromString() {
        return jsonb.fromJson(new String(body, StandardCharsets.UTF_8), Envelope.class);
    }

    /** A {@code skill.completed} envelope as plain fields. */
    public static final class Envelope {
        /** The event id. */
        public String id;
        /** The event type. */
        public String type;
        /** When the event was created, as sent. */
        public String createdAt;
        /** The workspace. */
        public String workspaceId;
        /** The data. */
        public SkillData data;

        /** Creates an empty envelope; JSON-B calls it. */
        public Envelope() {
        }
    }

    /** {@code skill.completed} data as plain fields. */
    public static final class SkillData {
        /** The run. */
        public String runId;
        /** The skill alias. */
        public String alias;
        /** The kind. */
        public String kind;
        /** The report. */
        public String markdown;
        /** The insights, raw. */
        public List<JsonObject> insights;
        /** Tokens used. */
        public Long tokensUsed;

        /** Creates empty data; JSON-B calls it. */
        public SkillData() {
        }
    }
}
