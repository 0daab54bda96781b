package io.taumesh.core.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.regex.Pattern;

/**
 * The entrance an action came in by, carried in the {@code x-tau-origin} header of the event-bus message that
 * takes it to the service answering it, for that service's audit trail. Only entrances set it (the web UI's bridge,
 * the ops endpoint, the relay, the CLI, the dashboard routing a page's action), each from what it knows itself,
 * never from what a caller sent: an HTTP or browser header of that name is not read.
 */
public final class ActionOrigin {

    public static final String HEADER = "x-tau-origin";
    /** What a message that names no entrance came by: a client on the event bus. */
    public static final String EVENT_BUS = "event-bus";

    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,119}");

    private ActionOrigin() {}

    /** The entrance named in an event-bus message's headers, or {@link #EVENT_BUS}. */
    public static String of(MultiMap headers) {
        String value = headers == null ? null : headers.get(HEADER);
        return value != null && SHAPE.matcher(value).matches() ? value : EVENT_BUS;
    }

    /** The entrance and where the caller is ({@code ops 127.0.0.1:40112}), cut to a header's length. */
    public static String named(String entrance, Object where) {
        String text = where == null ? entrance : entrance + " " + where;
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 120 ? printable.substring(0, 120) : printable;
    }

    /** Adds the origin to a message's options. */
    public static DeliveryOptions applyTo(DeliveryOptions options, String origin) {
        return options.addHeader(HEADER, origin);
    }
}
