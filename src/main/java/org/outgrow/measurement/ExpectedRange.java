package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a client starting at a given intake score can be expected to be after n sessions, and
 * the band around it; a score worse than the band's worse edge is <em>not on track</em>. This is
 * the idea of Lambert's expected-recovery curves (evidence.md §2, §3), made simple enough to
 * explain in one sentence to a client.
 *
 * <p><b>Model.</b> The expected score is the intake moved towards the best possible score by the
 * share {@code p(n)} of the way:
 * <pre>expected(n) = intake + (best − intake) · p(n),   p(n) = 1 / (1 + (n50 / n)^k)</pre>
 * {@code p} is a log-logistic dose–effect curve: 0 before the first session, ½ at {@code n50}
 * sessions, rising ever more slowly. The band is ± the instrument's published reliable-change
 * threshold around the expected score, clamped to the scores the instrument allows: a score
 * outside it differs from the expectation by more than measurement error.
 *
 * <p><b>Published curve.</b> Howard, Kopta, Krause & Orlinsky (1986, Am Psychol 41:159–164) found
 * ~50% of patients measurably improved by 8 sessions and ~75% by 26. The log-logistic through
 * those two points has {@code n50 = 8}, {@code k = ln 3 / ln(26/8) ≈ 0.932}; it stays within one
 * percentage point of Howard's probit through the same points for 1–52 sessions. Reading "share
 * of patients improved" as "share of the possible improvement the median client has made" is our
 * modelling assumption, not Howard's finding, and it is optimistic (Kadera et al. 1996: 22%
 * recovered by session 8); that is why a practice with enough data of its own gets its own curve.
 *
 * <p><b>Practice curve.</b> {@link #calibrated} fits the same curve to the practice's ended
 * episodes once there are {@value #MINIMUM_PRACTICE_EPISODES} usable ones: for every number of
 * sessions, the median share of the possible improvement reached by the last score; then a
 * least-squares line through the logits of those medians against log sessions, weighted by how
 * many episodes each median stands for (logit p = k·ln n − k·ln n50). Fewer episodes, or data
 * that give no rising curve, keep the published curve, and {@link #basis()} says which was used.
 *
 * <p><b>Session numbers.</b> {@code n} is the number of sessions attended when the score was
 * taken; the intake is session 0.
 *
 * @param sessionsToHalf   n50: the sessions after which half the possible improvement is expected
 * @param steepness        k: how fast the curve rises on a log-session scale
 * @param practiceEpisodes how many practice episodes the curve was fitted to; 0 for the published one
 */
public record ExpectedRange(Instrument instrument, double intake, double sessionsToHalf, double steepness,
                            Basis basis, int practiceEpisodes) {

    /** Howard et al. 1986: half of patients measurably improved by session 8. */
    static final double PUBLISHED_SESSIONS_TO_HALF = 8;
    /** Howard et al. 1986: three quarters improved by session 26, so k = ln 3 / ln(26 / 8). */
    static final double PUBLISHED_STEEPNESS = Math.log(3) / Math.log(26.0 / 8.0);
    /**
     * Our choice, not a published figure: below 30 ended episodes one unusual ending moves a
     * session's median noticeably, and 30 is the usual smallest sample for a median to settle.
     */
    public static final int MINIMUM_PRACTICE_EPISODES = 30;
    /** Shares are kept inside [1%, 99%] before taking logits, which are infinite at 0 and 1. */
    private static final double SHARE_LIMIT = 0.01;

    /** Whether the curve is Howard's published one or fitted to the practice's own endings. */
    public enum Basis { PUBLISHED, PRACTICE }

    /** Low and high edge of the band and the expected score, in score units. */
    public record Range(double low, double expected, double high) {
    }

    /** An ended episode with paired measures on the instrument: first and last total, sessions attended. */
    public record EndedEpisode(double intake, double last, int sessions) {
    }

    public ExpectedRange {
        if (instrument.reliableChange() == null) {
            throw new IllegalArgumentException(instrument.id() + " has no published reliable-change threshold");
        }
    }

    /** The published curve (Howard et al. 1986). */
    public static ExpectedRange published(Instrument instrument, double intake) {
        return new ExpectedRange(instrument, intake, PUBLISHED_SESSIONS_TO_HALF, PUBLISHED_STEEPNESS, Basis.PUBLISHED, 0);
    }

    /**
     * The practice's own curve when at least {@value #MINIMUM_PRACTICE_EPISODES} ended episodes
     * can be used (at least one session, and room to improve at intake) and they show a rising
     * curve over at least two different session counts; the published curve otherwise.
     */
    public static ExpectedRange calibrated(Instrument instrument, double intake, List<EndedEpisode> practice) {
        double best = instrument.bestTotal();
        Map<Integer, List<Double>> sharesBySessions = new TreeMap<>();
        int usable = 0;
        for (EndedEpisode episode : practice) {
            double room = instrument.improvement(episode.intake(), best);
            if (episode.sessions() < 1 || room <= 0) {
                continue;
            }
            double share = instrument.improvement(episode.intake(), episode.last()) / room;
            sharesBySessions.computeIfAbsent(episode.sessions(), sessions -> new ArrayList<>()).add(share);
            usable++;
        }
        if (usable < MINIMUM_PRACTICE_EPISODES || sharesBySessions.size() < 2) {
            return published(instrument, intake);
        }
        double weights = 0, meanX = 0, meanY = 0;
        for (Map.Entry<Integer, List<Double>> entry : sharesBySessions.entrySet()) {
            double weight = entry.getValue().size();
            weights += weight;
            meanX += weight * Math.log(entry.getKey());
            meanY += weight * logit(median(entry.getValue()));
        }
        meanX /= weights;
        meanY /= weights;
        double covariance = 0, variance = 0;
        for (Map.Entry<Integer, List<Double>> entry : sharesBySessions.entrySet()) {
            double weight = entry.getValue().size();
            double dx = Math.log(entry.getKey()) - meanX;
            covariance += weight * dx * (logit(median(entry.getValue())) - meanY);
            variance += weight * dx * dx;
        }
        double steepness = covariance / variance;
        if (!(steepness > 0)) {
            return published(instrument, intake);
        }
        double sessionsToHalf = Math.exp(meanX - meanY / steepness);
        return new ExpectedRange(instrument, intake, sessionsToHalf, steepness, Basis.PRACTICE, usable);
    }

    /** The same curve for a client starting at another intake score: the fit does not depend on it. */
    public ExpectedRange startingAt(double otherIntake) {
        return new ExpectedRange(instrument, otherIntake, sessionsToHalf, steepness, basis, practiceEpisodes);
    }

    /** The share of the possible improvement expected after {@code session} sessions. */
    double share(int session) {
        if (session < 0) {
            throw new IllegalArgumentException("A session number cannot be negative: " + session);
        }
        return session == 0 ? 0 : 1 / (1 + Math.pow(sessionsToHalf / session, steepness));
    }

    /** Expected score and band after {@code session} sessions, within the instrument's possible scores. */
    public Range range(int session) {
        double start = instrument.clamp(intake);
        double expected = start + (instrument.bestTotal() - start) * share(session);
        double threshold = Objects.requireNonNull(instrument.reliableChange()).threshold();
        return new Range(instrument.clamp(expected - threshold), expected, instrument.clamp(expected + threshold));
    }

    /**
     * False when the score is worse than the band's worse edge: above it where higher is worse,
     * below it where higher is better. A score on the edge is still on track.
     */
    public boolean onTrack(int session, double score) {
        Range range = range(session);
        return instrument.direction() == Instrument.Direction.HIGHER_IS_WORSE ? score <= range.high() : score >= range.low();
    }

    private static double logit(double share) {
        double kept = Math.max(SHARE_LIMIT, Math.min(1 - SHARE_LIMIT, share));
        return Math.log(kept / (1 - kept));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
