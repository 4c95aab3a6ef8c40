package org.outgrow.shared;

import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The tenancy context of the current thread. Every database transaction copies it into
 * transaction-local PostgreSQL settings, which the row-level security policies read: with no
 * practice set, tenant tables show no rows at all.
 *
 * <p>The two look-up keys serve the moments before anyone is signed in: finding an account by the
 * e-mail typed at login, or a one-time token by its hash. A policy lets exactly that row through.
 *
 * <p>Switch context outside a transaction: a running transaction keeps the settings it began with.
 */
public final class Tenancy {

    public record Context(@Nullable PracticeId practice, @Nullable UUID account,
                          @Nullable String lookupEmail, @Nullable String lookupToken) {

        public static final Context NONE = new Context(null, null, null, null);

        public static Context of(PracticeId practice) {
            return new Context(practice, null, null, null);
        }

        public static Context of(PracticeId practice, UUID account) {
            return new Context(practice, account, null, null);
        }

        public static Context lookingUpEmail(String email) {
            return new Context(null, null, email, null);
        }

        public static Context lookingUpToken(String tokenHash) {
            return new Context(null, null, null, tokenHash);
        }
    }

    private static final ThreadLocal<Context> CURRENT = ThreadLocal.withInitial(() -> Context.NONE);

    private Tenancy() {
    }

    public static Context current() {
        return CURRENT.get();
    }

    public static PracticeId requirePractice() {
        PracticeId practice = CURRENT.get().practice();
        if (practice == null) {
            throw new IllegalStateException("No practice in the tenancy context");
        }
        return practice;
    }

    public static <T> T call(Context context, Supplier<T> work) {
        Context previous = CURRENT.get();
        CURRENT.set(context);
        try {
            return work.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    public static void run(Context context, Runnable work) {
        call(context, () -> {
            work.run();
            return null;
        });
    }
}
