package org.outgrow.shared;

import java.util.UUID;

/**
 * The signed-in person as the lower layers see them: who (for the audit log), in which practice,
 * under what name (for the layout) and with which roles.
 */
public interface Actor {

    UUID accountId();

    PracticeId practiceId();

    String displayName();

    /** Role names, comma-separated, for the audit log. */
    String roleNames();

    /** The actor of the current request, if someone is signed in. */
    static java.util.Optional<Actor> current() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor actor
                ? java.util.Optional.of(actor) : java.util.Optional.empty();
    }
}
