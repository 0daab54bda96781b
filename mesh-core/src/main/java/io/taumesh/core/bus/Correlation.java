package io.taumesh.core.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation carried by every request: an {@code x-request-id} chosen by the caller and a
 * W3C {@code traceparent}. Values that arrive malformed are replaced rather than passed along.
 */
public record Correlation(String requestId, String traceparent) {

    public static final String REQUEST_ID = "x-request-id";
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern REQUEST_ID_SHAPE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final Pattern TRACEPARENT_SHAPE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    public Correlation {
        if (!isValidRequestId(requestId)) {
            throw new IllegalArgumentException(
                    "x-request-id must be 1-128 characters of [A-Za-z0-9._:@/+=-], got '" + requestId + "'");
        }
        if (!isValidTraceparent(traceparent)) {
            throw new IllegalArgumentException(
                    "traceparent must be a W3C version 00 trace context, got '" + traceparent + "'");
        }
    }

    /** A new correlation for work that starts here. */
    public static Correlation fresh() {
        return new Correlation(UUID.randomUUID().toString(), "00-" + randomHex(16) + "-" + randomHex(8) + "-01");
    }

    /** The correlation in these headers, completing whatever is missing or malformed. */
    public static Correlation from(MultiMap headers) {
        return of(headers == null ? null : headers.get(REQUEST_ID), headers == null ? null : headers.get(TRACEPARENT));
    }

    /** The correlation of these values, either null, completing whatever is missing or malformed. */
    public static Correlation of(String requestId, String traceparent) {
        if (traceparent != null) {
            traceparent = traceparent.trim().toLowerCase(Locale.ROOT);
        }
        Correlation fresh = fresh();
        return new Correlation(
                isValidRequestId(requestId) ? requestId : fresh.requestId(),
                isValidTraceparent(traceparent) ? traceparent : fresh.traceparent());
    }

    /** The same request and trace, one hop further: a new span id under the same trace id. */
    public Correlation nextHop() {
        return new Correlation(requestId, "00-" + traceId() + "-" + randomHex(8) + "-" + traceparent.substring(53));
    }

    public String traceId() {
        return traceparent.substring(3, 35);
    }

    public DeliveryOptions deliveryOptions() {
        return applyTo(new DeliveryOptions());
    }

    public DeliveryOptions applyTo(DeliveryOptions options) {
        return options.addHeader(REQUEST_ID, requestId).addHeader(TRACEPARENT, traceparent);
    }

    public void writeTo(MultiMap headers) {
        headers.set(REQUEST_ID, requestId).set(TRACEPARENT, traceparent);
    }

    public static boolean isValidRequestId(String value) {
        return value != null && REQUEST_ID_SHAPE.matcher(value).matches();
    }

    public static boolean isValidTraceparent(String value) {
        if (value == null) {
            return false;
        }
        var m = TRACEPARENT_SHAPE.matcher(value);
        return m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals(ZERO_SPAN);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
