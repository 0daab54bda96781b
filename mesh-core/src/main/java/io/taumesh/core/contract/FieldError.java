package io.taumesh.core.contract;

/**
 * Input that cannot be used, with the field at fault named ({@code cases[4].expect}, {@code queue_limit},
 * {@code children[1].restart}) and what is wrong with it: the one error of every validator in the mesh.
 */
public final class FieldError extends RuntimeException {

    private final String field;
    private final String reason;

    public FieldError(String field, String reason) {
        // No stack trace: this is a message for whoever wrote the input, and it is often kept as a value.
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same error one level down: {@code children[1]} + {@code restart} gives {@code children[1].restart}. */
    public FieldError under(String parent) {
        return new FieldError(field.equals("$") ? parent : parent + (field.startsWith("[") ? "" : ".") + field, reason);
    }

    /** At most this many characters of a bad value are shown in a reason. */
    public static final int SHOWN_CHARS = 80;

    /**
     * A bad value as a reason shows it: strings quoted, and cut to {@link #SHOWN_CHARS} characters with the full
     * length said, so that an error never echoes a huge input back.
     */
    public static String shown(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() <= SHOWN_CHARS
                ? text
                : text.substring(0, SHOWN_CHARS) + "... (" + text.length() + " characters)";
    }

    /** The form configuration errors take in the runbooks: {@code field_path="dashboard.path": ...}. */
    public String asFieldPath() {
        return "field_path=\"" + field + "\": " + reason;
    }
}
