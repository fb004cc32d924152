package com.promptfloe.webhooks.testkit.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The options of one command line: {@code --name value}, {@code --name=value} and flags. */
public final class CliArguments {

    /** A command line the user must correct; the CLI prints the message and exits with 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * The problem.
         *
         * @param message what to correct
         */
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CliArguments() {
    }

    /**
     * Parses options after the command name.
     *
     * @param args the options
     * @param valued option names that take a value
     * @param flagNames option names that take none
     * @return the parsed options
     * @throws UsageException on an unknown option, a missing value or a repeated option
     */
    public static CliArguments parse(List<String> args, Set<String> valued, Set<String> flagNames)
            throws UsageException {
        CliArguments parsed = new CliArguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flagNames.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                parsed.flags.add(name);
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return parsed;
    }

    /**
     * An option's value.
     *
     * @param name such as {@code --url}
     * @return the value, or empty
     */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * A required option's value.
     *
     * @param name such as {@code --url}
     * @return the value
     * @throws UsageException when absent
     */
    public String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    /**
     * Whether a flag was given.
     *
     * @param name such as {@code --concurrent}
     * @return true when given
     */
    public boolean flag(String name) {
        return flags.contains(name);
    }
}
