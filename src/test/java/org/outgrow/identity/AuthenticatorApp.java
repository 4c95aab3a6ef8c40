package org.outgrow.identity;

import java.time.Instant;

/** What a person's authenticator app shows, for tests outside this package that sign in with a second factor. */
public final class AuthenticatorApp {

    private AuthenticatorApp() {
    }

    /** The six-digit code for the key shown at set-up (spaces allowed) at the given moment. */
    public static String code(String key, Instant at) {
        return Totp.code(key, at);
    }
}
