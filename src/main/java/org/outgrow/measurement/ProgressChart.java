package org.outgrow.measurement;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A client's scores on one instrument as a server-rendered, inline SVG chart: session number
 * across, score up (a higher score is always drawn higher, whatever the instrument's direction),
 * with the severity bands as light background stripes labelled at the right edge, the caseness
 * cut-off as a dashed line, the reliable-change range around the baseline as a hatched band, the
 * expected range as a dotted, shaded area, and, optionally, goal ratings (0 to 10) in a second
 * panel below.
 *
 * <p>Plain Java, no Spring: the caller reads the scores, localises every word into {@link Labels}
 * and places the returned string in the page unescaped (for example {@code th:utext}). Everything
 * that comes from users (instrument names, band and goal labels) is escaped here. The markup uses
 * SVG presentation attributes and the {@code chart-*} classes in {@code outgrow.css} only, never a
 * {@code style} attribute or element, so the page's {@code style-src 'self'} policy holds.
 *
 * <p>The chart is one image to assistive technology ({@code role="img"}, named by its
 * {@code <title>} and summarised by its {@code <desc>}). It does not replace a table: the caller
 * renders the same {@link Series} and {@link Goals} as a data table next to the chart; this class
 * stays just the picture. Colour never carries meaning alone: the caseness line is dashed, the
 * reliable-change range hatched, the expected range dotted, incomplete responses are hollow
 * markers on the axis, goals differ by dash pattern and marker shape, and a legend names each.
 */
public final class ProgressChart {

    /**
     * The viewBox is this wide; the height follows from what is drawn. Narrow enough that the
     * 12 to 13 unit text stays readable when a phone scales the chart down to its width.
     */
    static final int WIDTH = 480;

    private static final double LEFT = 48;
    private static final double RIGHT = WIDTH - 16;
    private static final double TOP = 32;
    private static final double PLOT_HEIGHT = 250;
    private static final double GOAL_PLOT_HEIGHT = 110;
    /** Keeps the first and last markers off the plot's edges. */
    private static final double INSET = 14;
    private static final int FONT = 13;
    private static final int SMALL_FONT = 12;
    private static final double LEGEND_ROW = 22;
    private static final double LEGEND_LEFT = 8;
    private static final double LEGEND_KEY = 30;
    private static final double LEGEND_GAP = 18;
    /** A generous average glyph width, as a share of the font size, for laying out the legend. */
    private static final double GLYPH = 0.62;
    private static final int MAX_SESSION_TICKS = 10;
    private static final int MAX_SCORE_TICKS = 6;

    private static final String ACCENT = "#1f5f7a";
    private static final String SURFACE = "#ffffff";
    private static final String[] GOAL_COLOURS = {"#1f5f7a", "#7a4b00", "#5b3f8c", "#2f6b3a"};
    private static final String[] GOAL_DASHES = {null, "7 4", "2 3", "9 3 2 3"};
    private static final Pattern ID_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /** A severity band starting at {@code from} (inclusive) and running up to the next band. */
    public record Band(double from, String label) {
        public Band {
            Objects.requireNonNull(label, "label");
            if (!Double.isFinite(from)) {
                throw new IllegalArgumentException("from " + from);
            }
        }
    }

    /** Scores from {@code low} to {@code high}, inclusive. */
    public record Range(double low, double high) {
        public Range {
            if (!(high >= low) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("high " + high + " is below low " + low);
            }
        }
    }

    /** The range of scores expected at a session, for example from a trajectory model. */
    public record Expected(int session, double low, double high) {
        public Expected {
            if (!(high >= low) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("high " + high + " is below low " + low);
            }
        }
    }

    /** One response; a {@code null} total is an incomplete response, drawn as a gap, never as zero. */
    public record Point(int session, LocalDate date, @Nullable Double total) {
        public Point {
            Objects.requireNonNull(date, "date");
            if (total != null && !Double.isFinite(total)) {
                throw new IllegalArgumentException("total " + total);
            }
        }
    }

    /**
     * One client's scores on one instrument.
     *
     * @param title          the instrument's name, already localised (user text: escaped when drawn)
     * @param minimum        the lowest possible score, the bottom of the y axis
     * @param maximum        the highest possible score, the top of the y axis
     * @param direction      whether a higher score is worse or better; bands are drawn by value either way
     * @param bands          severity bands with localised labels, in any order
     * @param casenessCutOff the caseness cut-off, drawn as a dashed line, if the instrument has one
     * @param reliableChange the scores within reliable change of the baseline (baseline ± threshold), if known
     * @param expected       the expected range by session; may be empty
     * @param points         the responses, in any order
     */
    public record Series(String title, double minimum, double maximum, Instrument.Direction direction,
                         List<Band> bands, @Nullable Double casenessCutOff, @Nullable Range reliableChange,
                         List<Expected> expected, List<Point> points) {
        public Series {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(direction, "direction");
            if (!(maximum > minimum) || !Double.isFinite(minimum) || !Double.isFinite(maximum)) {
                throw new IllegalArgumentException("scale " + minimum + " to " + maximum);
            }
            if (casenessCutOff != null && !Double.isFinite(casenessCutOff)) {
                throw new IllegalArgumentException("caseness cut-off " + casenessCutOff);
            }
            bands = List.copyOf(bands);
            expected = List.copyOf(expected);
            points = List.copyOf(points);
        }
    }

    /** A goal rating (0 to 10) at a session. */
    public record GoalPoint(int session, double rating) {
        public GoalPoint {
            if (!Double.isFinite(rating)) {
                throw new IllegalArgumentException("rating " + rating);
            }
        }
    }

    /** One goal's ratings; the label is the client's own wording (user text: escaped when drawn). */
    public record Goal(String label, List<GoalPoint> points) {
        public Goal {
            Objects.requireNonNull(label, "label");
            points = List.copyOf(points);
        }
    }

    /** Goal-based outcomes, drawn in a second panel on a 0 to 10 scale; none means no panel. */
    public record Goals(List<Goal> goals) {
        public Goals {
            goals = List.copyOf(goals);
        }

        public static Goals none() {
            return new Goals(List.of());
        }
    }

    /**
     * Every word the chart shows, localised by the caller (from messages). Templates take numbered
     * placeholders {@code {0}}, {@code {1}}, … that are substituted literally, without
     * {@link java.text.MessageFormat}'s quote or choice rules, so pass the message text as it is.
     *
     * @param locale          formats the numbers and dates in the words (not the coordinates)
     * @param session         x axis title, e.g. "Session"
     * @param score           y axis title and legend entry for the score line, e.g. "Score"
     * @param goalRating      the goal panel's axis title, e.g. "Goal rating"
     * @param caseness        legend entry, e.g. "caseness line"
     * @param reliableChange  legend entry, e.g. "reliable-change range"
     * @param expected        legend entry, e.g. "expected range"
     * @param incomplete      legend entry for the hollow markers, e.g. "incomplete response"
     * @param noScores        the empty-state message and description, e.g. "No scores yet."
     * @param title           the accessible name; {0} the instrument, e.g. "{0}: scores by session"
     * @param scoreWithBand   a score and its band; {0} score, {1} band, e.g. "{0} ({1})"
     * @param summary         {0} first score, {1} its session, {2} latest score, {3} its session, e.g.
     *                        "First score {0} at session {1}; latest score {2} at session {3}."
     * @param single          {0} the only score, {1} its session, e.g. "One score: {0} at session {1}."
     * @param higherIsWorse   e.g. "Higher scores mean more difficulty."
     * @param higherIsBetter  e.g. "Higher scores mean better wellbeing."
     * @param incompleteCount {0} how many responses were incomplete, e.g. "Incomplete responses: {0}."
     * @param point           a marker's tooltip; {0} session, {1} date, {2} score, e.g. "Session {0}, {1}: {2}"
     * @param incompletePoint an incomplete marker's tooltip; {0} session, {1} date, e.g.
     *                        "Session {0}, {1}: incomplete response"
     * @param goalPoint       a goal marker's tooltip; {0} goal, {1} session, {2} rating, e.g.
     *                        "{0}, session {1}: {2} of 10"
     * @param goalSummary     a goal's latest rating in the description; {0} goal, {1} rating, {2} session,
     *                        e.g. "{0}: latest rating {1} of 10 at session {2}."
     */
    public record Labels(Locale locale, String session, String score, String goalRating, String caseness,
                         String reliableChange, String expected, String incomplete, String noScores, String title,
                         String scoreWithBand, String summary, String single, String higherIsWorse,
                         String higherIsBetter, String incompleteCount, String point, String incompletePoint,
                         String goalPoint, String goalSummary) {
        public Labels {
            Objects.requireNonNull(locale, "locale");
            for (String text : new String[] {session, score, goalRating, caseness, reliableChange, expected,
                    incomplete, noScores, title, scoreWithBand, summary, single, higherIsWorse, higherIsBetter,
                    incompleteCount, point, incompletePoint, goalPoint, goalSummary}) {
                Objects.requireNonNull(text, "label");
            }
        }
    }

    private ProgressChart() {
    }

    /** The chart without a goal panel. */
    public static String svg(String idPrefix, Series series, Labels labels) {
        return svg(idPrefix, series, Goals.none(), labels);
    }

    /**
     * The chart as one {@code <svg>} element, {@code width="100%"} over a fixed-width viewBox so it
     * scales down to a phone.
     *
     * @param idPrefix starts every id in the chart, so several charts can share a page: a letter, then
     *                 letters, digits, {@code -} or {@code _}, at most 64 characters
     */
    public static String svg(String idPrefix, Series series, Goals goals, Labels labels) {
        if (!ID_PREFIX.matcher(idPrefix).matches()) {
            throw new IllegalArgumentException("Not an id prefix: " + idPrefix);
        }
        return new Drawing(idPrefix, series, goals, labels).draw();
    }

    /** The label of the band {@code value} falls in, or null below the first band. */
    static @Nullable String band(List<Band> bands, double value) {
        String label = null;
        double from = Double.NEGATIVE_INFINITY;
        for (Band band : bands) {
            if (band.from() <= value && band.from() >= from) {
                from = band.from();
                label = band.label();
            }
        }
        return label;
    }

    /** One chart being drawn: the scales, and the markup so far. */
    private static final class Drawing {

        private final String id;
        private final Series series;
        private final List<Goal> goals;
        private final Labels labels;
        private final List<Point> points;
        private final List<Point> scored;
        private final NumberFormat numbers;
        private final DateTimeFormatter dates;
        private final StringBuilder out = new StringBuilder(8192);

        private final double plotTop = TOP;
        private final double plotBottom = TOP + PLOT_HEIGHT;
        private final double goalTop;
        private final double goalBottom;
        private final double legendTop;
        private final double height;
        /** The sessions the x axis spans (padded when there is just one), and the sessions with data. */
        private final double sessionLow;
        private final double sessionHigh;
        private final int firstSession;
        private final int lastSession;
        private final boolean anySession;
        private final List<LegendEntry> legend = new ArrayList<>();

        Drawing(String id, Series series, Goals goals, Labels labels) {
            this.id = id;
            this.series = series;
            this.goals = goals.goals();
            this.labels = labels;
            this.points = series.points().stream()
                    .sorted(Comparator.comparingInt(Point::session).thenComparing(Point::date)).toList();
            this.scored = points.stream().filter(point -> point.total() != null).toList();
            this.numbers = NumberFormat.getNumberInstance(labels.locale());
            numbers.setMaximumFractionDigits(2);
            numbers.setMinimumFractionDigits(0);
            this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(labels.locale());

            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (Point point : points) {
                low = Math.min(low, point.session());
                high = Math.max(high, point.session());
            }
            for (Expected expected : series.expected()) {
                low = Math.min(low, expected.session());
                high = Math.max(high, expected.session());
            }
            for (Goal goal : this.goals) {
                for (GoalPoint point : goal.points()) {
                    low = Math.min(low, point.session());
                    high = Math.max(high, point.session());
                }
            }
            anySession = low <= high;
            firstSession = anySession ? low : 1;
            lastSession = anySession ? high : 1;
            sessionLow = firstSession < lastSession ? firstSession : firstSession - 1;
            sessionHigh = firstSession < lastSession ? lastSession : lastSession + 1;

            double below = plotBottom + 22;
            if (this.goals.isEmpty()) {
                goalTop = goalBottom = below;
            } else {
                goalTop = below + 28;
                goalBottom = goalTop + GOAL_PLOT_HEIGHT;
                below = goalBottom + 22;
            }
            double titleBaseline = below + 18;
            legendTop = titleBaseline + 14;
            double bottom = layOutLegend();
            height = Math.ceil(bottom + 6);
        }

        /** One legend entry: what its key shows, its words, and where it goes. */
        private record LegendEntry(String key, int goal, String text, double x, double y) {
        }

        /**
         * The legend entries for what is drawn, flowed into rows by an estimate of their width.
         * Returns the bottom of the last row.
         */
        private double layOutLegend() {
            List<String[]> entries = new ArrayList<>();
            if (!scored.isEmpty()) {
                entries.add(new String[] {"score", labels.score()});
            }
            if (scored.size() < points.size()) {
                entries.add(new String[] {"incomplete", labels.incomplete()});
            }
            if (series.casenessCutOff() != null) {
                entries.add(new String[] {"caseness", labels.caseness()});
            }
            if (series.reliableChange() != null) {
                entries.add(new String[] {"reliable", labels.reliableChange()});
            }
            if (!series.expected().isEmpty()) {
                entries.add(new String[] {"expected", labels.expected()});
            }
            for (Goal goal : goals) {
                entries.add(new String[] {"goal", goal.label()});
            }
            double x = LEGEND_LEFT;
            double y = legendTop;
            int goal = 0;
            int fits = (int) ((WIDTH - 8 - LEGEND_LEFT - LEGEND_KEY) / (SMALL_FONT * GLYPH));
            for (String[] entry : entries) {
                int length = entry[1].codePointCount(0, entry[1].length());
                double width = LEGEND_KEY + Math.min(length, fits) * SMALL_FONT * GLYPH;
                if (x > LEGEND_LEFT && x + width > WIDTH - 8) {
                    x = LEGEND_LEFT;
                    y += LEGEND_ROW;
                }
                legend.add(new LegendEntry(entry[0], entry[0].equals("goal") ? goal++ : -1, entry[1], x, y));
                x += width + LEGEND_GAP;
            }
            return legend.isEmpty() ? legendTop - LEGEND_ROW / 2 : y + LEGEND_ROW / 2;
        }

        String draw() {
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"progress-chart\" width=\"100%\"")
                    .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(number(height)).append('"')
                    .append(" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\"")
                    .append(" font-size=\"").append(FONT).append("\" fill=\"currentColor\">");
            element("title", "id", id + "-title").text(format(labels.title(), series.title())).close("title");
            element("desc", "id", id + "-desc").text(description()).close("desc");
            definitions();
            scorePanel();
            if (!goals.isEmpty()) {
                goalPanel();
            }
            sessionAxisTitle();
            legend();
            out.append("</svg>");
            return out.toString();
        }

        // ---- description ------------------------------------------------------------------------

        private String description() {
            List<String> sentences = new ArrayList<>();
            sentences.add(series.direction() == Instrument.Direction.HIGHER_IS_BETTER
                    ? labels.higherIsBetter() : labels.higherIsWorse());
            if (scored.isEmpty()) {
                sentences.add(labels.noScores());
            } else if (scored.size() == 1) {
                Point only = scored.getFirst();
                sentences.add(format(labels.single(), scoreText(only.total()), String.valueOf(only.session())));
            } else {
                Point first = scored.getFirst();
                Point latest = scored.getLast();
                sentences.add(format(labels.summary(), scoreText(first.total()), String.valueOf(first.session()),
                        scoreText(latest.total()), String.valueOf(latest.session())));
            }
            long incomplete = points.size() - scored.size();
            if (incomplete > 0) {
                sentences.add(format(labels.incompleteCount(), numbers.format(incomplete)));
            }
            for (Goal goal : goals) {
                goal.points().stream().max(Comparator.comparingInt(GoalPoint::session)).ifPresent(latest ->
                        sentences.add(format(labels.goalSummary(), goal.label(), numbers.format(latest.rating()),
                                String.valueOf(latest.session()))));
            }
            return String.join(" ", sentences);
        }

        private String scoreText(@Nullable Double total) {
            String score = numbers.format(Objects.requireNonNull(total));
            String band = band(series.bands(), total);
            return band == null ? score : format(labels.scoreWithBand(), score, band);
        }

        // ---- shared definitions -----------------------------------------------------------------

        private void definitions() {
            out.append("<defs><pattern id=\"").append(id).append("-hatch\" width=\"6\" height=\"6\"")
                    .append(" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
                    .append("<line class=\"chart-hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"").append(ACCENT)
                    .append("\" stroke-width=\"2\" stroke-opacity=\"0.45\"/></pattern></defs>");
        }

        // ---- the score panel --------------------------------------------------------------------

        private void scorePanel() {
            double[] ticks = ticks(series.minimum(), series.maximum(), MAX_SCORE_TICKS);
            out.append("<g class=\"chart-scores\">");
            bands();
            gridAndScoreAxis(ticks, series.minimum(), series.maximum(), plotTop, plotBottom, labels.score());
            reliableChange();
            expected();
            caseness();
            sessionTicks(plotBottom);
            scoreLine();
            if (points.isEmpty()) {
                emptyState();
            }
            out.append("</g>");
        }

        private double scoreY(double value) {
            return valueY(value, series.minimum(), series.maximum(), plotTop, plotBottom);
        }

        private void bands() {
            List<Band> sorted = series.bands().stream().sorted(Comparator.comparingDouble(Band::from)).toList();
            out.append("<g class=\"chart-bands\">");
            for (int index = 0; index < sorted.size(); index++) {
                Band band = sorted.get(index);
                double upper = index + 1 < sorted.size() ? sorted.get(index + 1).from() : series.maximum();
                if (upper <= series.minimum() || band.from() >= series.maximum() || upper <= band.from()) {
                    continue;
                }
                double top = scoreY(upper);
                double bottom = scoreY(band.from());
                out.append("<rect class=\"chart-band chart-band-").append(index % 2 == 0 ? "even" : "odd")
                        .append("\" x=\"").append(number(LEFT)).append("\" y=\"").append(number(top))
                        .append("\" width=\"").append(number(RIGHT - LEFT)).append("\" height=\"")
                        .append(number(bottom - top)).append("\" fill=\"currentColor\" fill-opacity=\"")
                        .append(index % 2 == 0 ? "0.04" : "0.1").append("\"/>");
                if (bottom - top >= SMALL_FONT + 2) {
                    haloText(band.label(), "chart-band-label", "x", number(RIGHT - 6),
                            "y", number((top + bottom) / 2 + SMALL_FONT * 0.35), "text-anchor", "end",
                            "font-size", String.valueOf(SMALL_FONT));
                }
            }
            out.append("</g>");
        }

        private void reliableChange() {
            Range range = series.reliableChange();
            if (range == null) {
                return;
            }
            double from = scored.isEmpty() ? LEFT : sessionX(scored.getFirst().session());
            double top = scoreY(range.high());
            double bottom = scoreY(range.low());
            element("rect", "class", "chart-reliable", "x", number(from), "y", number(top),
                    "width", number(RIGHT - from), "height", number(bottom - top),
                    "fill", "url(#" + id + "-hatch)", "stroke", ACCENT, "stroke-opacity", "0.5",
                    "stroke-width", "1").end();
        }

        private void expected() {
            List<Expected> sorted = series.expected().stream()
                    .sorted(Comparator.comparingInt(Expected::session)).toList();
            if (sorted.isEmpty()) {
                return;
            }
            StringBuilder outline = new StringBuilder();
            if (sorted.size() == 1) {
                Expected only = sorted.getFirst();
                double x = sessionX(only.session());
                double top = scoreY(only.high());
                double bottom = scoreY(only.low());
                outline.append(number(x - 5)).append(',').append(number(top)).append(' ')
                        .append(number(x + 5)).append(',').append(number(top)).append(' ')
                        .append(number(x + 5)).append(',').append(number(bottom)).append(' ')
                        .append(number(x - 5)).append(',').append(number(bottom));
            } else {
                for (Expected expected : sorted) {
                    outline.append(number(sessionX(expected.session()))).append(',')
                            .append(number(scoreY(expected.high()))).append(' ');
                }
                for (Expected expected : sorted.reversed()) {
                    outline.append(number(sessionX(expected.session()))).append(',')
                            .append(number(scoreY(expected.low()))).append(' ');
                }
            }
            element("polygon", "class", "chart-expected", "points", outline.toString().strip(),
                    "fill", ACCENT, "fill-opacity", "0.12", "stroke", ACCENT, "stroke-width", "1.5",
                    "stroke-dasharray", "2 3").end();
        }

        private void caseness() {
            Double cutOff = series.casenessCutOff();
            if (cutOff == null) {
                return;
            }
            double y = scoreY(cutOff);
            element("line", "class", "chart-caseness", "x1", number(LEFT), "y1", number(y), "x2", number(RIGHT),
                    "y2", number(y), "stroke", "currentColor", "stroke-width", "1.5", "stroke-dasharray", "6 4").end();
        }

        private void scoreLine() {
            List<Point> run = new ArrayList<>();
            for (Point point : points) {
                if (point.total() == null) {
                    linePath(run);
                    run.clear();
                } else {
                    run.add(point);
                }
            }
            linePath(run);
            for (Point point : points) {
                double x = sessionX(point.session());
                String when = dates.format(point.date());
                if (point.total() == null) {
                    element("circle", "class", "chart-point chart-point-incomplete", "cx", number(x),
                            "cy", number(plotBottom), "r", "5", "fill", "none", "stroke", ACCENT,
                            "stroke-width", "2").open()
                            .element("title").text(format(labels.incompletePoint(), String.valueOf(point.session()),
                                    when)).close("title").close("circle");
                } else {
                    element("circle", "class", "chart-point", "cx", number(x), "cy", number(scoreY(point.total())),
                            "r", "5", "fill", ACCENT, "stroke", SURFACE, "stroke-width", "1.5").open()
                            .element("title").text(format(labels.point(), String.valueOf(point.session()), when,
                                    scoreText(point.total()))).close("title").close("circle");
                }
            }
        }

        private void linePath(List<Point> run) {
            if (run.size() < 2) {
                return;
            }
            StringBuilder path = new StringBuilder();
            for (Point point : run) {
                path.append(path.isEmpty() ? "M" : " L").append(number(sessionX(point.session()))).append(' ')
                        .append(number(scoreY(Objects.requireNonNull(point.total()))));
            }
            element("path", "class", "chart-line", "d", path.toString(), "fill", "none", "stroke", ACCENT,
                    "stroke-width", "2.5", "stroke-linejoin", "round", "stroke-linecap", "round").end();
        }

        private void emptyState() {
            haloText(labels.noScores(), "chart-empty", "x", number((LEFT + RIGHT) / 2),
                    "y", number((plotTop + plotBottom) / 2), "text-anchor", "middle");
        }

        // ---- the goal panel ---------------------------------------------------------------------

        private void goalPanel() {
            out.append("<g class=\"chart-goals\">");
            element("rect", "class", "chart-goal-area", "x", number(LEFT), "y", number(goalTop),
                    "width", number(RIGHT - LEFT), "height", number(goalBottom - goalTop),
                    "fill", "currentColor", "fill-opacity", "0.03").end();
            gridAndScoreAxis(new double[] {0, 5, 10}, 0, 10, goalTop, goalBottom, labels.goalRating());
            sessionTicks(goalBottom);
            for (int index = 0; index < goals.size(); index++) {
                Goal goal = goals.get(index);
                List<GoalPoint> sorted = goal.points().stream()
                        .sorted(Comparator.comparingInt(GoalPoint::session)).toList();
                String colour = GOAL_COLOURS[index % GOAL_COLOURS.length];
                String dash = GOAL_DASHES[index % GOAL_DASHES.length];
                if (sorted.size() > 1) {
                    StringBuilder path = new StringBuilder();
                    for (GoalPoint point : sorted) {
                        path.append(path.isEmpty() ? "M" : " L").append(number(sessionX(point.session())))
                                .append(' ').append(number(goalY(point.rating())));
                    }
                    element("path", "class", "chart-goal-line", "d", path.toString(), "fill", "none",
                            "stroke", colour, "stroke-width", "2", "stroke-dasharray", dash).end();
                }
                for (GoalPoint point : sorted) {
                    marker(index, sessionX(point.session()), goalY(point.rating()), colour, "chart-goal-point")
                            .open().element("title").text(format(labels.goalPoint(), goal.label(),
                                    String.valueOf(point.session()), numbers.format(point.rating())))
                            .close("title").close(markerElement(index));
                }
            }
            out.append("</g>");
        }

        private double goalY(double rating) {
            return valueY(rating, 0, 10, goalTop, goalBottom);
        }

        /** Circle, square, triangle, diamond: goals differ by shape as well as colour and dash. */
        private Drawing marker(int index, double x, double y, String colour, String className) {
            return switch (index % 4) {
                case 0 -> element("circle", "class", className, "cx", number(x), "cy", number(y), "r", "4.5",
                        "fill", colour, "stroke", SURFACE, "stroke-width", "1");
                case 1 -> element("rect", "class", className, "x", number(x - 4), "y", number(y - 4),
                        "width", "8", "height", "8", "fill", colour, "stroke", SURFACE, "stroke-width", "1");
                case 2 -> element("polygon", "class", className, "points", number(x) + "," + number(y - 5) + " "
                        + number(x + 5) + "," + number(y + 4) + " " + number(x - 5) + "," + number(y + 4),
                        "fill", colour, "stroke", SURFACE, "stroke-width", "1");
                default -> element("polygon", "class", className, "points", number(x) + "," + number(y - 5) + " "
                        + number(x + 5) + "," + number(y) + " " + number(x) + "," + number(y + 5) + " "
                        + number(x - 5) + "," + number(y), "fill", colour, "stroke", SURFACE, "stroke-width", "1");
            };
        }

        private static String markerElement(int index) {
            return switch (index % 4) {
                case 0 -> "circle";
                case 1 -> "rect";
                default -> "polygon";
            };
        }

        // ---- axes ---------------------------------------------------------------------------------

        /** Horizontal grid lines with their values at the left, the two axis lines, and the title above. */
        private void gridAndScoreAxis(double[] ticks, double minimum, double maximum, double top, double bottom,
                                      String title) {
            out.append("<g class=\"chart-axis\">");
            for (double tick : ticks) {
                double y = valueY(tick, minimum, maximum, top, bottom);
                element("line", "class", "chart-grid", "x1", number(LEFT), "y1", number(y), "x2", number(RIGHT),
                        "y2", number(y), "stroke", "currentColor", "stroke-opacity", "0.15").end();
                element("text", "x", number(LEFT - 6), "y", number(y + FONT * 0.35), "text-anchor", "end")
                        .text(numbers.format(tick)).close("text");
            }
            element("line", "class", "chart-axis-line", "x1", number(LEFT), "y1", number(top), "x2", number(LEFT),
                    "y2", number(bottom), "stroke", "currentColor").end();
            element("line", "class", "chart-axis-line", "x1", number(LEFT), "y1", number(bottom), "x2", number(RIGHT),
                    "y2", number(bottom), "stroke", "currentColor").end();
            element("text", "class", "chart-axis-title", "x", "8", "y", number(top - 12), "font-weight", "600")
                    .text(title).close("text");
            out.append("</g>");
        }

        /** Session tick marks and numbers below a panel, thinned to at most ten labels. */
        private void sessionTicks(double bottom) {
            if (!anySession) {
                return;
            }
            int step = (int) niceStep(lastSession - firstSession, MAX_SESSION_TICKS, true);
            out.append("<g class=\"chart-axis\">");
            for (long session = ceilTo(firstSession, step); session <= lastSession; session += step) {
                double x = sessionX(session);
                element("line", "x1", number(x), "y1", number(bottom), "x2", number(x), "y2", number(bottom + 4),
                        "stroke", "currentColor").end();
                element("text", "x", number(x), "y", number(bottom + 17), "text-anchor", "middle")
                        .text(String.valueOf(session)).close("text");
            }
            out.append("</g>");
        }

        private void sessionAxisTitle() {
            double bottom = goals.isEmpty() ? plotBottom : goalBottom;
            element("text", "class", "chart-axis-title", "x", number((LEFT + RIGHT) / 2), "y", number(bottom + 38),
                    "text-anchor", "middle", "font-weight", "600").text(labels.session()).close("text");
        }

        private double sessionX(double session) {
            double fraction = (session - sessionLow) / (sessionHigh - sessionLow);
            return LEFT + INSET + fraction * (RIGHT - LEFT - 2 * INSET);
        }

        // ---- legend -------------------------------------------------------------------------------

        private void legend() {
            out.append("<g class=\"chart-legend\" font-size=\"").append(SMALL_FONT).append("\">");
            for (LegendEntry entry : legend) {
                double x = entry.x();
                double y = entry.y();
                switch (entry.key()) {
                    case "score" -> {
                        element("line", "x1", number(x), "y1", number(y), "x2", number(x + 24), "y2", number(y),
                                "stroke", ACCENT, "stroke-width", "2.5").end();
                        element("circle", "cx", number(x + 12), "cy", number(y), "r", "4", "fill", ACCENT).end();
                    }
                    case "incomplete" -> element("circle", "cx", number(x + 12), "cy", number(y), "r", "4.5",
                            "fill", "none", "stroke", ACCENT, "stroke-width", "2").end();
                    case "caseness" -> element("line", "x1", number(x), "y1", number(y), "x2", number(x + 24),
                            "y2", number(y), "stroke", "currentColor", "stroke-width", "1.5",
                            "stroke-dasharray", "6 4").end();
                    case "reliable" -> element("rect", "x", number(x), "y", number(y - 6), "width", "24",
                            "height", "12", "fill", "url(#" + id + "-hatch)", "stroke", ACCENT,
                            "stroke-opacity", "0.5").end();
                    case "expected" -> element("rect", "x", number(x), "y", number(y - 6), "width", "24",
                            "height", "12", "fill", ACCENT, "fill-opacity", "0.12", "stroke", ACCENT,
                            "stroke-width", "1.5", "stroke-dasharray", "2 3").end();
                    default -> {
                        String colour = GOAL_COLOURS[entry.goal() % GOAL_COLOURS.length];
                        element("line", "x1", number(x), "y1", number(y), "x2", number(x + 24), "y2", number(y),
                                "stroke", colour, "stroke-width", "2",
                                "stroke-dasharray", GOAL_DASHES[entry.goal() % GOAL_DASHES.length]).end();
                        marker(entry.goal(), x + 12, y, colour, "chart-goal-key").end();
                    }
                }
                element("text", "x", number(x + LEGEND_KEY), "y", number(y + SMALL_FONT * 0.35));
                int fits = (int) ((WIDTH - 8 - x - LEGEND_KEY) / (SMALL_FONT * GLYPH));
                if (entry.text().codePointCount(0, entry.text().length()) > fits) {
                    // Too long for the chart (a client's long goal): shortened, in full as a tooltip.
                    String shortened = entry.text().substring(0, entry.text().offsetByCodePoints(0, fits - 1)) + "…";
                    open().element("title").text(entry.text()).close("title").text(shortened).close("text");
                } else {
                    text(entry.text()).close("text");
                }
            }
            out.append("</g>");
        }

        // ---- markup -------------------------------------------------------------------------------

        /** Opens a start tag with the given attributes (pairs; a null value leaves the attribute out). */
        private Drawing element(String name, @Nullable String... attributes) {
            out.append('<').append(name);
            for (int index = 0; index + 1 < attributes.length; index += 2) {
                if (attributes[index + 1] != null) {
                    out.append(' ').append(attributes[index]).append("=\"")
                            .append(escape(Objects.requireNonNull(attributes[index + 1]))).append('"');
                }
            }
            return this;
        }

        /**
         * Text with a halo in the surface colour, so it stays legible over the lines: a stroked copy
         * underneath, hidden from assistive technology, then the text itself. Two elements rather than
         * {@code paint-order}, which SVG 1.1 renderers such as the PDF's (Batik) do not know.
         */
        private Drawing haloText(String text, String className, String... attributes) {
            String[] under = java.util.Arrays.copyOf(attributes, attributes.length + 10);
            int at = attributes.length;
            under[at] = "class";
            under[at + 1] = "chart-halo";
            under[at + 2] = "aria-hidden";
            under[at + 3] = "true";
            under[at + 4] = "stroke";
            under[at + 5] = SURFACE;
            under[at + 6] = "stroke-width";
            under[at + 7] = "3";
            under[at + 8] = "stroke-linejoin";
            under[at + 9] = "round";
            element("text", under).text(text).close("text");
            String[] over = java.util.Arrays.copyOf(attributes, attributes.length + 2);
            over[at] = "class";
            over[at + 1] = className;
            return element("text", over).text(text).close("text");
        }

        private Drawing open() {
            out.append('>');
            return this;
        }

        /** Closes the start tag, if the last thing written is one, and writes escaped text. */
        private Drawing text(String text) {
            if (out.charAt(out.length() - 1) != '>') {
                out.append('>');
            }
            out.append(escape(text));
            return this;
        }

        private Drawing close(String name) {
            out.append("</").append(name).append('>');
            return this;
        }

        private void end() {
            out.append("/>");
        }
    }

    // ---- scales and formatting -------------------------------------------------------------------

    /** Higher values higher up: {@code maximum} at {@code top}; values off the scale are clamped. */
    private static double valueY(double value, double minimum, double maximum, double top, double bottom) {
        double clamped = Math.max(minimum, Math.min(maximum, value));
        return bottom - (clamped - minimum) / (maximum - minimum) * (bottom - top);
    }

    /** Tick values from the first multiple of a round step at or above {@code minimum}, up to {@code maximum}. */
    static double[] ticks(double minimum, double maximum, int most) {
        double step = niceStep(maximum - minimum, most, false);
        List<Double> ticks = new ArrayList<>();
        for (double tick = Math.ceil(minimum / step - 1e-9) * step; tick <= maximum + step * 1e-9; tick += step) {
            ticks.add(Math.round(tick / step) * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten giving at most {@code most} steps over {@code span}. */
    static double niceStep(double span, int most, boolean whole) {
        if (span <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(span / most)));
        for (double multiple : new double[] {1, 2, 2.5, 5, 10}) {
            double step = multiple * magnitude;
            if (whole && (step < 1 || step != Math.rint(step))) {
                continue;
            }
            if (span / step <= most + 1e-9) {
                return step;
            }
        }
        return 10 * magnitude;
    }

    private static long ceilTo(long value, long step) {
        return Math.floorDiv(value + step - 1, step) * step;
    }

    /** A coordinate: at most one decimal, a dot, no exponent. */
    static String number(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        if (rounded == Math.rint(rounded)) {
            return Long.toString((long) rounded);
        }
        return String.format(Locale.ROOT, "%.1f", rounded);
    }

    /**
     * Substitutes {0}, {1}, … literally, in one pass, so a placeholder inside an argument (a
     * goal the client named "{1}") stays as it is. Unknown placeholders are kept.
     */
    static String format(String template, String... arguments) {
        StringBuilder result = new StringBuilder(template.length() + 32);
        int index = 0;
        while (index < template.length()) {
            char character = template.charAt(index);
            int close = character == '{' ? template.indexOf('}', index) : -1;
            if (close > index + 1 && close - index <= 3 && template.substring(index + 1, close).chars()
                    .allMatch(Character::isDigit)) {
                int argument = Integer.parseInt(template.substring(index + 1, close));
                if (argument < arguments.length) {
                    result.append(arguments[argument]);
                    index = close + 1;
                    continue;
                }
            }
            result.append(character);
            index++;
        }
        return result.toString();
    }

    /** Escapes text for XML content and double- or single-quoted attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // Control characters other than tab, newline and return are not allowed in XML 1.0.
                    if (character < 0x20 && character != '\t' && character != '\n' && character != '\r'
                            || character == 0xFFFE || character == 0xFFFF) {
                        escaped.append(' ');
                    } else {
                        escaped.append(character);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
