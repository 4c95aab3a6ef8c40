package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.outgrow.measurement.ProgressChart.Band;
import org.outgrow.measurement.ProgressChart.Goal;
import org.outgrow.measurement.ProgressChart.GoalPoint;
import org.outgrow.measurement.ProgressChart.Goals;
import org.outgrow.measurement.ProgressChart.Labels;
import org.outgrow.measurement.ProgressChart.Point;
import org.outgrow.measurement.ProgressChart.Series;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checklist T22 for the one place the application writes markup itself: the progress chart,
 * which pages place unescaped ({@code th:utext}) and the PDF report parses as XML. Outgrow has
 * no HTML sanitiser (everything else is escaped by Thymeleaf); this stands in for one. Whatever
 * instrument name, band and goal wording, and whatever locale (as an Accept-Language header can
 * name it) and dates the chart is drawn with, it is well-formed XML with no script, no event
 * handler, no link and no style, and the name reads back as given.
 *
 * <p>The input is UTF-8 text, {@code |} between: language tag, instrument name, two band labels,
 * a goal's wording, then characters each making one point (session, date, score). Corpus in
 * {@code ProgressChartFuzzTestInputs/}; fuzzing with {@code .ci/fuzz}. The checks live in
 * {@code Check} (see {@link InstrumentDefinitionsFuzzTest} for why).
 */
class ProgressChartFuzzTest {

    @FuzzTest
    void userTextAndAnyLocaleNeverBecomeMarkup(byte[] input) throws Exception {
        Check.chart(new String(input, StandardCharsets.UTF_8));
    }

    private static final class Check {

        private static final List<String> ACTIVE = List.of("script", "foreignobject", "iframe", "object", "embed",
                "a", "style", "animate", "set", "use", "image");

        static void chart(String text) throws Exception {
            String[] parts = Arrays.copyOf(text.split("\\|", 6), 6);
            Arrays.setAll(parts, i -> parts[i] == null ? "" : parts[i]);
            Locale locale = Locale.forLanguageTag(parts[0]);
            List<Point> points = new ArrayList<>();
            parts[5].codePoints().limit(60).forEach(c -> points.add(new Point(c % 40 - 3,
                    LocalDate.of(1, 1, 1).plusDays(c * 7919L % 3_650_000), c % 5 == 0 ? null : (double) (c % 28))));
            Series series = new Series(parts[1], 0, 27, Instrument.Direction.HIGHER_IS_WORSE,
                    List.of(new Band(0, parts[2]), new Band(10, parts[3])), 10.0, null, List.of(), points);
            Goals goals = new Goals(List.of(new Goal(parts[4], points.stream()
                    .map(point -> new GoalPoint(point.session(), Math.abs(point.session()) % 11)).toList())));

            String svg = ProgressChart.svg("chart", series, goals, in(locale, ProgressChartTest.LABELS));

            assertThat(svg.toLowerCase(Locale.ROOT)).doesNotContain("<script");
            Element root = parse(svg).getDocumentElement();
            NodeList all = root.getElementsByTagNameNS("*", "*");
            for (int i = 0; i <= all.getLength(); i++) {
                Element element = i == all.getLength() ? root : (Element) all.item(i);
                assertThat(element.getLocalName().toLowerCase(Locale.ROOT)).isNotIn(ACTIVE);
                for (int a = 0; a < element.getAttributes().getLength(); a++) {
                    Node attribute = element.getAttributes().item(a);
                    String name = attribute.getNodeName().toLowerCase(Locale.ROOT);
                    assertThat(name).doesNotStartWith("on").isNotEqualTo("style").doesNotContain("href");
                }
            }
            assertThat(byId(root, "chart-title").getTextContent()).contains(asXmlReadsIt(parts[1]));
        }

        private static Labels in(Locale locale, Labels l) {
            return new Labels(locale, l.session(), l.score(), l.goalRating(), l.caseness(), l.reliableChange(),
                    l.expected(), l.incomplete(), l.noScores(), l.title(), l.scoreWithBand(), l.summary(), l.single(),
                    l.higherIsWorse(), l.higherIsBetter(), l.incompleteCount(), l.point(), l.incompletePoint(),
                    l.goalPoint(), l.goalSummary());
        }

        /** Control characters XML cannot carry become spaces; a parser reads line ends as LF. */
        private static String asXmlReadsIt(String text) {
            StringBuilder read = new StringBuilder();
            text.replace("\r\n", "\n").replace('\r', '\n').chars().forEach(c -> read.append(
                    c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF ? ' ' : (char) c));
            return read.toString();
        }

        private static Document parse(String svg) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }

        private static Element byId(Element root, String id) {
            NodeList all = root.getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                if (id.equals(((Element) all.item(i)).getAttribute("id"))) {
                    return (Element) all.item(i);
                }
            }
            throw new AssertionError("no element " + id);
        }
    }
}
