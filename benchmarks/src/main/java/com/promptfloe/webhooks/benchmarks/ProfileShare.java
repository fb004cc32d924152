package com.promptfloe.webhooks.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints which share of a server's CPU samples the library's optional parts took, from a JFR recording
 * of the server under load ({@code LOAD_PROFILE=true benchmarks/run.sh load} makes one): a measure
 * taken inside one process, so the other work on a shared machine slows both sides of it alike, where
 * a throughput ratio of two servers swings by several percent from round to round.
 *
 * <p>Each {@code jdk.ExecutionSample} goes to the innermost frame of the stack that belongs to one of
 * the parts (an OpenTelemetry SDK call made by the OpenTelemetry listener counts for that listener),
 * or, for the SDK's own threads, to their thread; the rest is the server's other work.
 *
 * <p>Argument: the recording ({@code .jfr}).
 */
public final class ProfileShare {

    /** The parts, in the order printed: a name, and the class names (or thread names) that mark it. */
    private static final Map<String, List<String>> PARTS = parts();

    private ProfileShare() {
    }

    private static Map<String, List<String>> parts() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("OpenTelemetry listener (spans and metrics, with the SDK calls it makes)",
                List.of("OpenTelemetryListener"));
        parts.put("Micrometer listener (with the registry calls it makes)", List.of("MicrometerListener"));
        parts.put("compound observation (one delivery told to several listeners)",
                List.of("CompoundObservation", "CompoundListener"));
        parts.put("delivery journal (listener and in-memory journal)",
                List.of("JournalListener", "InMemoryDeliveryJournal"));
        parts.put("span export thread (BatchSpanProcessor)", List.of("thread:BatchSpanProcessor"));
        parts.put("metric reader thread (PeriodicMetricReader)", List.of("thread:PeriodicMetricReader"));
        return parts;
    }

    /**
     * Prints the shares.
     *
     * @param args the recording
     * @throws IOException when the recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProfileShare <recording.jfr>");
        }
        Samples samples = count(Path.of(args[0]));
        System.out.printf(Locale.ROOT, "%s: %d CPU samples of the server%n", args[0], samples.total());
        long parts = 0;
        for (Map.Entry<String, Long> part : samples.parts().entrySet()) {
            parts += part.getValue();
            System.out.printf(Locale.ROOT, "  %5.2f%%  %s (%d)%n", 100.0 * part.getValue() / samples.total(),
                    part.getKey(), part.getValue());
        }
        System.out.printf(Locale.ROOT, "  %5.2f%%  all of these%n", 100.0 * parts / samples.total());
    }

    /**
     * The CPU samples of a recording, and how many of them each part took.
     *
     * @param total all {@code jdk.ExecutionSample} events
     * @param parts the samples of each part, in the order printed
     */
    record Samples(long total, Map<String, Long> parts) {
    }

    /**
     * Counts a recording's CPU samples by part.
     *
     * @param recording the {@code .jfr} file
     * @return the counts
     * @throws IOException when the recording cannot be read
     * @throws IllegalStateException when it holds no CPU sample
     */
    static Samples count(Path recording) throws IOException {
        Map<String, Long> parts = new LinkedHashMap<>();
        PARTS.keySet().forEach(part -> parts.put(part, 0L));
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            total++;
            String part = partOf(event);
            if (part != null) {
                parts.merge(part, 1L, Long::sum);
            }
        }
        if (total == 0) {
            throw new IllegalStateException(recording + " holds no jdk.ExecutionSample: was the recording made with"
                    + " settings=profile while the server was under load?");
        }
        return new Samples(total, parts);
    }

    private static String partOf(RecordedEvent sample) {
        RecordedStackTrace stack = sample.getStackTrace();
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                    for (String mark : part.getValue()) {
                        if (!mark.startsWith("thread:") && type.contains(mark)) {
                            return part.getKey();
                        }
                    }
                }
            }
        }
        RecordedThread thread = sample.getThread("sampledThread");
        String name = thread == null ? "" : String.valueOf(thread.getJavaName());
        for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
            for (String mark : part.getValue()) {
                if (mark.startsWith("thread:") && name.startsWith(mark.substring("thread:".length()))) {
                    return part.getKey();
                }
            }
        }
        return null;
    }
}
