package org.outgrow.reporting;

import org.jspecify.annotations.Nullable;

/**
 * A share of a group with its 95% Wilson score interval, which stays within 0–100% and behaves for
 * small groups and for shares near 0 or 1, where the usual normal approximation does not. Below
 * {@link #MINIMUM} in the group the figures are suppressed: a share of four people is too easily
 * traced back to someone and says little.
 */
public record Proportion(int count, int of) {

    /** Groups smaller than this show no figures. */
    public static final int MINIMUM = 5;

    private static final double Z = 1.959964;

    public boolean suppressed() {
        return of < MINIMUM;
    }

    public @Nullable Double share() {
        return suppressed() ? null : (double) count / of;
    }

    public @Nullable Double low() {
        return suppressed() ? null : centre() - halfWidth();
    }

    public @Nullable Double high() {
        return suppressed() ? null : centre() + halfWidth();
    }

    private double centre() {
        double p = (double) count / of;
        return (p + Z * Z / (2.0 * of)) / (1 + Z * Z / of);
    }

    private double halfWidth() {
        double p = (double) count / of;
        return Z * Math.sqrt(p * (1 - p) / of + Z * Z / (4.0 * of * of)) / (1 + Z * Z / of);
    }
}
