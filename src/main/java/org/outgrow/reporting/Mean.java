package org.outgrow.reporting;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A mean with its 95% interval (normal approximation, mean ± 1.96 standard errors); suppressed below five values. */
public record Mean(List<Integer> values) {

    public Mean {
        values = List.copyOf(values);
    }

    public int of() {
        return values.size();
    }

    public boolean suppressed() {
        return values.size() < Proportion.MINIMUM;
    }

    public @Nullable Double value() {
        return suppressed() ? null : values.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    public @Nullable Double low() {
        return suppressed() ? null : value() - 1.959964 * standardError();
    }

    public @Nullable Double high() {
        return suppressed() ? null : value() + 1.959964 * standardError();
    }

    private double standardError() {
        double mean = values.stream().mapToInt(Integer::intValue).average().orElseThrow();
        double variance = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum()
                / (values.size() - 1);
        return Math.sqrt(variance / values.size());
    }
}
