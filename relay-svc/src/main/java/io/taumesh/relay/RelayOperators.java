package io.taumesh.relay;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorRole;
import io.taumesh.core.security.OperatorsFile;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who a control frame on the relay's socket acts as. The socket's mode (0600) lets only the mesh's own user connect;
 * while the node names no operators there is nobody else to tell apart, and a frame acts as that owner (an admin).
 * Once it names operators ({@code --operators}), the mode alone says nobody's role: each control frame carries a named
 * operator's {@code secret}, and its role must permit the action, as at the page's bridge and the ops endpoint.
 */
final class RelayOperators {

    /** How the audit names an action that came in by the socket: {@code relay}, or {@code relay as vera}. */
    static final String ORIGIN = "relay";

    /** Let in, with the origin the audit names; or refused, with why. */
    record Verdict(@Nullable String origin, @Nullable String refusal) {

        static Verdict allowed(String origin) {
            return new Verdict(origin, null);
        }

        static Verdict refused(String why) {
            return new Verdict(null, why);
        }
    }

    private RelayOperators() {}

    static Verdict judge(OperatorBook book, @Nullable Object secret, @Nullable String action, Instant now) {
        if (secret == null && book.named() == 0) {
            return Verdict.allowed(ORIGIN);
        }
        if (!(secret instanceof String given)) {
            return Verdict.refused("is required: this node names operators (--operators), so the socket's file mode "
                    + "alone says nobody's role; give a named operator's secret");
        }
        OperatorBook.SignIn signIn = book.signIn(given, now);
        if (signIn.expired()) {
            return Verdict.refused(signIn.operator().name() + "'s secret expired at " + signIn.expiresAt() + "; "
                    + OperatorsFile.renewal(signIn.operator().name()));
        }
        OperatorBook.Operator who = signIn.signedIn().orElse(null);
        if (who == null) {
            return Verdict.refused("signs in as nobody: it is no named operator's secret");
        }
        if (!who.role().permits(action)) {
            return Verdict.refused(OperatorRole.refusal(who, action));
        }
        return Verdict.allowed(ActionOrigin.named(ORIGIN, "as " + who.name()));
    }
}
