package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.outgrow.measurement.ProgressChart.Band;
import org.outgrow.measurement.ProgressChart.Expected;
import org.outgrow.measurement.ProgressChart.Goal;
import org.outgrow.measurement.ProgressChart.GoalPoint;
import org.outgrow.measurement.ProgressChart.Goals;
import org.outgrow.measurement.ProgressChart.Labels;
import org.outgrow.measurement.ProgressChart.Point;
import org.outgrow.measurement.ProgressChart.Range;
import org.outgrow.measurement.ProgressChart.Series;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** The progress chart is well-formed, safe under the page's CSP, escaped, and draws what it is given. */
class ProgressChartTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    static final Labels LABELS = new Labels(Locale.ENGLISH, "Session", "Score", "Goal rating", "caseness line",
            "reliable-change range", "expected range", "incomplete response", "No scores yet.",
            "{0}: scores by session", "{0} ({1})",
            "First score {0} at session {1}; latest score {2} at session {3}.", "One score: {0} at session {1}.",
            "Higher scores mean more difficulty.", "Higher scores mean better wellbeing.",
            "Incomplete responses: {0}.", "Session {0}, {1}: {2}", "Session {0}, {1}: incomplete response",
            "{0}, session {1}: {2} of 10", "{0}: latest rating {1} of 10 at session {2}.");

    private static final List<Band> PHQ9_BANDS = List.of(new Band(0, "minimal"), new Band(5, "mild"),
            new Band(10, "moderate"), new Band(15, "moderately severe"), new Band(20, "severe"));

    static Series phq9(List<Point> points) {
        return new Series("PHQ-9", 0, 27, Instrument.Direction.HIGHER_IS_WORSE, PHQ9_BANDS, 10.0,
                new Range(12, 24),
                List.of(new Expected(1, 16, 20), new Expected(4, 11, 18), new Expected(8, 6, 15)), points);
    }

    static Point point(int session, @org.jspecify.annotations.Nullable Double total) {
        return new Point(session, START.plusWeeks(session), total);
    }

    private static final List<Point> SIX = List.of(point(1, 18.0), point(2, 16.0), point(3, null),
            point(4, 13.0), point(6, 9.0), point(8, 7.0));

    @Test
    void aFullChartIsWellFormedAndNamedByItsTitleAndDescription() {
        String svg = ProgressChart.svg("c1", phq9(SIX), goals(), LABELS);
        Element root = parse(svg).getDocumentElement();

        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("100%");
        assertThat(root.getAttribute("viewBox")).startsWith("0 0 " + ProgressChart.WIDTH + " ");
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("c1-title c1-desc");
        assertThat(byId(root, "c1-title").getTextContent()).isEqualTo("PHQ-9: scores by session");
        assertThat(byId(root, "c1-desc").getTextContent())
                .startsWith("Higher scores mean more difficulty.")
                .contains("First score 18 (moderately severe) at session 1; latest score 7 (mild) at session 8.")
                .contains("Incomplete responses: 1.")
                .contains("Sleep through the night: latest rating 7 of 10 at session 8.");
        assertThat(texts(root)).contains("minimal", "mild", "moderate", "moderately severe", "severe",
                "caseness line", "reliable-change range", "expected range", "incomplete response", "Session",
                "Score", "Goal rating");
        assertThat(elements(root, "line").stream().filter(line -> line.getAttribute("class").equals("chart-caseness")))
                .singleElement().satisfies(line -> assertThat(line.getAttribute("stroke-dasharray")).isNotBlank());
        assertThat(elements(root, "rect").stream().filter(rect -> rect.getAttribute("class").startsWith("chart-band ")))
                .hasSize(5).extracting(rect -> rect.getAttribute("fill-opacity")).containsExactly(
                        "0.04", "0.1", "0.04", "0.1", "0.04");
        assertThat(classed(root, "chart-reliable")).singleElement()
                .satisfies(rect -> assertThat(rect.getAttribute("fill")).isEqualTo("url(#c1-hatch)"));
        assertThat(classed(root, "chart-expected")).singleElement()
                .satisfies(polygon -> assertThat(polygon.getAttribute("points").split(" ")).hasSize(6));
    }

    @Test
    void thereIsOneMarkerPerPointEachWithItsValueAsATooltip() {
        Element root = parse(ProgressChart.svg("c1", phq9(SIX), LABELS)).getDocumentElement();

        List<Element> markers = markers(root);
        assertThat(markers).hasSize(SIX.size());
        assertThat(markers).allSatisfy(marker ->
                assertThat(elements(marker, "title")).singleElement().isNotNull());
        assertThat(markers.getFirst().getTextContent()).isEqualTo("Session 1, Jan 13, 2025: 18 (moderately severe)");
        assertThat(markers.get(2).getTextContent()).isEqualTo("Session 3, Jan 27, 2025: incomplete response");
    }

    @Test
    void userTextIsEscapedEverywhere() {
        Series series = new Series(HOSTILE + " & \"quotes\" 'too'", 0, 27, Instrument.Direction.HIGHER_IS_WORSE,
                List.of(new Band(0, HOSTILE), new Band(14, "b")), null, null, List.of(), SIX);
        Goals goals = new Goals(List.of(new Goal(HOSTILE, List.of(new GoalPoint(1, 2), new GoalPoint(4, 5))),
                new Goal("{1} & {0}", List.of(new GoalPoint(2, 3)))));

        String svg = ProgressChart.svg("c1", series, goals, LABELS);

        assertThat(svg).doesNotContain("<script").doesNotContain("\"quotes\"").doesNotContain("'too'")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Element root = parse(svg).getDocumentElement();
        assertThat(elements(root, "script")).isEmpty();
        assertThat(byId(root, "c1-title").getTextContent())
                .isEqualTo(HOSTILE + " & \"quotes\" 'too': scores by session");
        assertThat(texts(root)).contains(HOSTILE, "{1} & {0}");
        assertThat(byId(root, "c1-desc").getTextContent()).contains("{1} & {0}: latest rating 3 of 10 at session 2.");
    }

    @Test
    void nothingIsStyledInlineSoTheContentSecurityPolicyHolds() {
        for (String svg : allKindsOfCharts()) {
            Element root = parse(svg).getDocumentElement();
            assertThat(elements(root, "style")).isEmpty();
            assertThat(elements(root, "*")).noneMatch(element -> element.hasAttribute("style"));
            assertThat(svg).doesNotContain("style=");
        }
    }

    @Test
    void everyIdIsPrefixedSoTwoChartsOnAPageDoNotCollide() {
        Element first = parse(ProgressChart.svg("phq9-chart", phq9(SIX), goals(), LABELS)).getDocumentElement();
        Element second = parse(ProgressChart.svg("gad7-chart", phq9(SIX), goals(), LABELS)).getDocumentElement();

        Set<String> firstIds = ids(first);
        assertThat(firstIds).isNotEmpty().allMatch(id -> id.startsWith("phq9-chart-"));
        assertThat(ids(second)).isNotEmpty().allMatch(id -> id.startsWith("gad7-chart-"));
        Matcher references = Pattern.compile("url\\(#([^)]+)\\)").matcher(ProgressChart.svg("phq9-chart", phq9(SIX),
                LABELS));
        while (references.find()) {
            assertThat(firstIds).contains(references.group(1));
        }
        assertThat(firstIds).containsAll(Arrays.asList(first.getAttribute("aria-labelledby").split(" ")));
    }

    @Test
    void anIdPrefixThatIsNotAnIdIsRefused() {
        assertThatThrownBy(() -> ProgressChart.svg("a\" onload=\"x", phq9(SIX), LABELS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProgressChart.svg("1chart", phq9(SIX), LABELS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCoordinateIsInsideTheViewBox() {
        Pattern numbers = Pattern.compile("-?\\d+(\\.\\d+)?");
        List<Point> offTheScale = List.of(point(1, 40.0), point(2, -3.0), point(3, 12.0));
        List<String> charts = new ArrayList<>(allKindsOfCharts());
        charts.add(ProgressChart.svg("c", phq9(offTheScale), new Goals(List.of(new Goal("g",
                List.of(new GoalPoint(1, 12), new GoalPoint(3, -1))))), LABELS));
        for (String svg : charts) {
            Element root = parse(svg).getDocumentElement();
            String[] box = root.getAttribute("viewBox").split(" ");
            double width = Double.parseDouble(box[2]);
            double height = Double.parseDouble(box[3]);
            for (Element element : elements(root, "*")) {
                if (element.getParentNode() instanceof Element parent && parent.getTagName().equals("pattern")) {
                    continue; // the hatch tile has its own coordinates
                }
                for (String name : List.of("x", "x1", "x2", "cx")) {
                    if (element.hasAttribute(name)) {
                        assertThat(Double.parseDouble(element.getAttribute(name))).as(name).isBetween(0.0, width);
                    }
                }
                for (String name : List.of("y", "y1", "y2", "cy")) {
                    if (element.hasAttribute(name)) {
                        assertThat(Double.parseDouble(element.getAttribute(name))).as(name).isBetween(0.0, height);
                    }
                }
                if (element.getTagName().equals("rect") && element.hasAttribute("width")) {
                    double x = Double.parseDouble(element.getAttribute("x"));
                    double y = Double.parseDouble(element.getAttribute("y"));
                    assertThat(x + Double.parseDouble(element.getAttribute("width"))).isLessThanOrEqualTo(width);
                    assertThat(y + Double.parseDouble(element.getAttribute("height"))).isLessThanOrEqualTo(height);
                }
                String pairs = element.getTagName().equals("path") ? element.getAttribute("d")
                        : element.getTagName().equals("polygon") ? element.getAttribute("points") : "";
                Matcher matcher = numbers.matcher(pairs);
                for (int index = 0; matcher.find(); index++) {
                    assertThat(Double.parseDouble(matcher.group()))
                            .isBetween(0.0, index % 2 == 0 ? width : height);
                }
            }
        }
    }

    @Test
    void higherScoresAreDrawnHigher() {
        Element root = parse(ProgressChart.svg("c", phq9(List.of(point(1, 5.0), point(2, 20.0), point(3, 12.0))),
                LABELS)).getDocumentElement();
        List<Double> y = markers(root).stream().map(marker -> Double.parseDouble(marker.getAttribute("cy"))).toList();

        assertThat(y.get(1)).isLessThan(y.get(2));
        assertThat(y.get(2)).isLessThan(y.get(0));
    }

    @Test
    void higherIsBetterInstrumentsKeepHighScoresHighDrawTheirBandsAndSaySoInTheDescription() {
        Series who5 = new Series("WHO-5", 0, 100, Instrument.Direction.HIGHER_IS_BETTER,
                List.of(new Band(0, "low wellbeing"), new Band(52, "typical")), 50.0, null, List.of(),
                List.of(point(1, 28.0), point(5, 64.0)));
        Element root = parse(ProgressChart.svg("w", who5, LABELS)).getDocumentElement();

        List<Element> markers = markers(root);
        assertThat(Double.parseDouble(markers.get(1).getAttribute("cy")))
                .isLessThan(Double.parseDouble(markers.get(0).getAttribute("cy")));
        assertThat(byId(root, "w-desc").getTextContent()).startsWith("Higher scores mean better wellbeing.")
                .contains("First score 28 (low wellbeing) at session 1; latest score 64 (typical) at session 5.");
        assertThat(texts(root)).contains("low wellbeing", "typical");
    }

    @Test
    void anIncompleteResponseIsAHollowMarkerOnTheAxisAndBreaksTheLine() {
        Element root = parse(ProgressChart.svg("c", phq9(SIX), LABELS)).getDocumentElement();

        Element incomplete = markers(root).get(2);
        assertThat(incomplete.getAttribute("class")).contains("chart-point-incomplete");
        assertThat(incomplete.getAttribute("fill")).isEqualTo("none");
        double axis = classed(root, "chart-axis-line").stream()
                .filter(line -> line.getAttribute("y1").equals(line.getAttribute("y2")))
                .mapToDouble(line -> Double.parseDouble(line.getAttribute("y1"))).findFirst().orElseThrow();
        assertThat(Double.parseDouble(incomplete.getAttribute("cy"))).isEqualTo(axis);
        assertThat(markers(root)).filteredOn(marker -> marker != incomplete)
                .allSatisfy(marker -> assertThat(marker.getAttribute("fill")).isNotEqualTo("none"));

        double gap = Double.parseDouble(incomplete.getAttribute("cx"));
        List<Element> lines = classed(root, "chart-line");
        assertThat(lines).hasSize(2);
        for (Element line : lines) {
            double[] x = Pattern.compile("[ML] ?").splitAsStream(line.getAttribute("d")).filter(s -> !s.isBlank())
                    .mapToDouble(pair -> Double.parseDouble(pair.strip().split(" ")[0])).toArray();
            for (int index = 0; index + 1 < x.length; index++) {
                assertThat(gap > Math.min(x[index], x[index + 1]) && gap < Math.max(x[index], x[index + 1]))
                        .as("a segment passes the gap").isFalse();
                assertThat(x[index]).isNotEqualTo(gap);
                assertThat(x[index + 1]).isNotEqualTo(gap);
            }
        }
    }

    @Test
    void withNoPointsTheAxesStayAndAMessageSaysSo() {
        Series empty = new Series("PHQ-9", 0, 27, Instrument.Direction.HIGHER_IS_WORSE, PHQ9_BANDS, 10.0, null,
                List.of(), List.of());
        Element root = parse(ProgressChart.svg("e", empty, LABELS)).getDocumentElement();

        assertThat(markers(root)).isEmpty();
        assertThat(classed(root, "chart-line")).isEmpty();
        assertThat(classed(root, "chart-empty")).singleElement()
                .satisfies(text -> assertThat(text.getTextContent()).isEqualTo("No scores yet."));
        assertThat(texts(root)).contains("0", "5", "25", "Score", "Session", "caseness line");
        assertThat(byId(root, "e-desc").getTextContent())
                .isEqualTo("Higher scores mean more difficulty. No scores yet.");
    }

    @Test
    void onePointIsAMarkerWithoutALine() {
        Element root = parse(ProgressChart.svg("o", phq9(List.of(point(1, 14.0))), LABELS)).getDocumentElement();

        assertThat(markers(root)).hasSize(1);
        assertThat(classed(root, "chart-line")).isEmpty();
        assertThat(byId(root, "o-desc").getTextContent()).contains("One score: 14 (moderate) at session 1.");
    }

    @Test
    void manySessionsThinTheTickLabels() {
        List<Point> sixty = IntStream.rangeClosed(1, 60).mapToObj(session -> point(session, (double) session % 27))
                .toList();
        Element root = parse(ProgressChart.svg("m", phq9(sixty), LABELS)).getDocumentElement();

        assertThat(markers(root)).hasSize(60);
        List<String> sessionLabels = elements(root, "text").stream()
                .filter(text -> "middle".equals(text.getAttribute("text-anchor")) && !text.hasAttribute("class"))
                .map(Element::getTextContent).toList();
        assertThat(sessionLabels).hasSizeBetween(5, 12).contains("10", "60").doesNotContain("7");
    }

    @Test
    void goalsGetTheirOwnPanelWithAMarkerPerRating() {
        Element root = parse(ProgressChart.svg("g", phq9(SIX), goals(), LABELS)).getDocumentElement();

        assertThat(classed(root, "chart-goal-point")).hasSize(5);
        assertThat(classed(root, "chart-goal-line")).hasSize(2)
                .extracting(line -> line.getAttribute("stroke-dasharray")).containsExactly("", "7 4");
        double scoreBottom = markers(root).stream().mapToDouble(m -> Double.parseDouble(m.getAttribute("cy")))
                .max().orElseThrow();
        assertThat(classed(root, "chart-goal-point")).allSatisfy(marker -> assertThat(
                Double.parseDouble(marker.hasAttribute("cy") ? marker.getAttribute("cy") : marker.getAttribute("y")))
                .isGreaterThan(scoreBottom));
        assertThat(classed(root, "chart-goal-point").getFirst().getTextContent())
                .isEqualTo("Sleep through the night, session 1: 2 of 10");
    }

    @Test
    void aGoalTooLongForTheLegendIsShortenedThereAndInFullAsItsTooltip() {
        String longGoal = "Go to the supermarket on my own, at a busy time, without leaving my trolley & running";
        Element root = parse(ProgressChart.svg("l", phq9(SIX), new Goals(List.of(new Goal(longGoal,
                List.of(new GoalPoint(1, 3))))), LABELS)).getDocumentElement();

        Element legendText = elements(root, "text").stream()
                .filter(text -> text.getTextContent().contains("supermarket")).findFirst().orElseThrow();
        assertThat(elements(legendText, "title")).singleElement()
                .satisfies(title -> assertThat(title.getTextContent()).isEqualTo(longGoal));
        assertThat(legendText.getLastChild().getTextContent()).endsWith("…").hasSizeLessThan(longGoal.length());
    }

    @Test
    void placeholdersAreSubstitutedOnceAndNumbersFollowTheLocale() {
        assertThat(ProgressChart.format("{0} and {1}", "{1}", "x")).isEqualTo("{1} and x");
        assertThat(ProgressChart.format("{0} {2}", "a")).isEqualTo("a {2}");
        Labels german = new Labels(Locale.GERMAN, "Sitzung", "Wert", "Zielbewertung", "Fallgrenze",
                "Bereich zuverlässiger Veränderung", "erwarteter Bereich", "unvollständig", "Noch keine Werte.",
                "{0}: Werte je Sitzung", "{0} ({1})", "Erst {0} in Sitzung {1}; zuletzt {2} in Sitzung {3}.",
                "Ein Wert: {0} in Sitzung {1}.", "Höher ist belastender.", "Höher ist besser.",
                "Unvollständig: {0}.", "Sitzung {0}, {1}: {2}", "Sitzung {0}, {1}: unvollständig",
                "{0}, Sitzung {1}: {2} von 10", "{0}: zuletzt {1} von 10 in Sitzung {2}.");
        Series core = new Series("CORE-10", 0, 4, Instrument.Direction.HIGHER_IS_WORSE, List.of(), null, null,
                List.of(), List.of(point(1, 2.25), point(2, 1.5)));
        Element root = parse(ProgressChart.svg("d", core, german)).getDocumentElement();

        assertThat(byId(root, "d-desc").getTextContent()).contains("Erst 2,25 in Sitzung 1; zuletzt 1,5 in Sitzung 2.");
        assertThat(markers(root).getFirst().getTextContent()).isEqualTo("Sitzung 1, 13.01.2025: 2,25");
        assertThat(ProgressChart.svg("d", core, german)).doesNotContain("2,25\"");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Goals goals() {
        return new Goals(List.of(
                new Goal("Sleep through the night", List.of(new GoalPoint(1, 2), new GoalPoint(4, 5),
                        new GoalPoint(8, 7))),
                new Goal("Go back to work", List.of(new GoalPoint(2, 1), new GoalPoint(6, 4)))));
    }

    private static List<String> allKindsOfCharts() {
        List<Point> sixty = IntStream.rangeClosed(0, 59).mapToObj(session -> point(session,
                session % 7 == 3 ? null : (double) (session % 28))).toList();
        Series empty = new Series("x", 0, 27, Instrument.Direction.HIGHER_IS_WORSE, List.of(), null, null,
                List.of(), List.of());
        Series onlyIncomplete = new Series("x", 0, 27, Instrument.Direction.HIGHER_IS_WORSE, PHQ9_BANDS, 10.0,
                new Range(0, 30), List.of(new Expected(2, 3, 9)), List.of(point(2, null)));
        return List.of(ProgressChart.svg("a", phq9(SIX), goals(), LABELS),
                ProgressChart.svg("b", phq9(sixty), goals(), LABELS),
                ProgressChart.svg("c", empty, LABELS),
                ProgressChart.svg("d", onlyIncomplete, LABELS),
                ProgressChart.svg("e", phq9(List.of(point(1, 27.0))), LABELS),
                ProgressChart.svg("f", empty, new Goals(List.of(new Goal("only goal",
                        List.of(new GoalPoint(3, 10))), new Goal("a", List.of()), new Goal("b", List.of()),
                        new Goal("c", List.of(new GoalPoint(1, 0), new GoalPoint(2, 10))))), LABELS));
    }

    private static Document parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("Not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    private static List<Element> elements(Element root, String name) {
        NodeList nodes = root.getElementsByTagNameNS("*", name);
        List<Element> elements = new ArrayList<>();
        for (int index = 0; index < nodes.getLength(); index++) {
            elements.add((Element) nodes.item(index));
        }
        return elements;
    }

    private static List<Element> classed(Element root, String className) {
        return elements(root, "*").stream()
                .filter(element -> Arrays.asList(element.getAttribute("class").split(" ")).contains(className))
                .toList();
    }

    private static List<Element> markers(Element root) {
        return classed(root, "chart-point");
    }

    private static Element byId(Element root, String id) {
        return elements(root, "*").stream().filter(element -> element.getAttribute("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("No element with id " + id));
    }

    private static Set<String> ids(Element root) {
        Set<String> ids = new HashSet<>();
        for (Element element : elements(root, "*")) {
            NamedNodeMap attributes = element.getAttributes();
            if (attributes.getNamedItem("id") != null) {
                assertThat(ids.add(element.getAttribute("id"))).as("unique id").isTrue();
            }
        }
        return ids;
    }

    private static List<String> texts(Element root) {
        return elements(root, "text").stream().map(Element::getTextContent).toList();
    }
}
