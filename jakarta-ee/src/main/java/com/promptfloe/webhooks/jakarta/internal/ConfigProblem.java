package com.promptfloe.webhooks.jakarta.internal;

/**
 * A configuration mistake found at start-up; its message starts with a stable code (PFW-0nn) and
 * says how to fix it.
 */
public final class ConfigProblem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A value that does not parse or is out of range. */
    public static final String BAD_VALUE = "PFW-001";
    /** Observers of PromptFloe events exist but no secret is configured. */
    public static final String NO_SECRET = "PFW-002";
    /** Several DeliveryLedger beans and none wins. */
    public static final String AMBIGUOUS_LEDGER = "PFW-003";
    /** The jdbc ledger or the inbox cannot be built: its DataSource is missing, or its table name is bad. */
    public static final String LEDGER_UNAVAILABLE = "PFW-004";
    /** Settings that contradict each other. */
    public static final String CONFLICT = "PFW-005";
    /** A mode or feature this runtime or version cannot provide. */
    public static final String UNSUPPORTED = "PFW-006";
    /** The application injects the management API client but no API key is configured. */
    public static final String NO_API_KEY = "PFW-007";
    /** The console is enabled but nothing could authenticate its users. */
    public static final String CONSOLE_UNSECURED = "PFW-008";

    private final String code;

    /**
     * A problem.
     *
     * @param code one of the codes above
     * @param message what is wrong and how to fix it
     */
    public ConfigProblem(String code, String message) {
        super(code + " " + message);
        this.code = code;
    }

    static ConfigProblem badValue(String key, String shownValue, String source, String hint) {
        return new ConfigProblem(BAD_VALUE, key + " = '" + shownValue + "' (from " + source + ") is not valid: " + hint);
    }

    /**
     * The stable code at the start of the message.
     *
     * @return the code, such as {@code PFW-001}
     */
    public String code() {
        return code;
    }
}
