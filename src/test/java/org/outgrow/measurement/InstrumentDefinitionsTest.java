package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstrumentDefinitionsTest {

    @Test
    void theShippedInstrumentsAreValidAndComplete() {
        var library = InstrumentLibrary.load();
        assertThat(library).containsKeys("phq-9", "gad-7", "pcl-5", "phq-15", "core-10", "audit-c-uk");
        Instrument phq9 = library.get("phq-9");
        assertThat(phq9.items()).hasSize(9);
        assertThat(phq9.items().getLast().text().get("en"))
                .isEqualTo("Thoughts that you would be better off dead or of hurting yourself in some way");
        assertThat(phq9.riskRules()).containsExactly(new Instrument.RiskRule("phq9_9", 1));
        assertThat(phq9.reliableChange().threshold()).isEqualTo(6);
        assertThat(phq9.loinc().panel()).isEqualTo("44249-1");
        assertThat(phq9.licence().attribution()).contains("No permission required");
        assertThat(library.get("gad-7").items()).hasSize(7);
    }

    @Test
    void pcl5SumsItsFourClustersAndClassifiesNoChangeWithoutAPublishedThreshold() {
        Instrument pcl5 = InstrumentLibrary.load().get("pcl-5");
        java.util.List<Answer> answers = new java.util.ArrayList<>();
        for (int item = 1; item <= 20; item++) {
            answers.add(Answer.of("pcl5_" + item, item <= 5 ? 4 : 1));
        }
        Score score = Scorer.score(pcl5, answers);
        assertThat(score.total()).isEqualTo(35.0);
        assertThat(score.caseness()).isTrue();
        assertThat(score.subscales()).containsExactly(java.util.Map.entry("intrusion", 20.0),
                java.util.Map.entry("avoidance", 2.0), java.util.Map.entry("negative_cognition_mood", 7.0),
                java.util.Map.entry("arousal_reactivity", 6.0));
        assertThat(Change.between(pcl5, score, score)).isEmpty();
    }

    @Test
    void ourOwnFormsSayTheyAreNotValidated() {
        var library = InstrumentLibrary.load();
        for (String own : new String[] {"session-feedback", "goal-rating"}) {
            Instrument instrument = library.get(own);
            assertThat(instrument.validated()).as(own).isFalse();
            assertThat(instrument.licence().attribution()).contains("Not a validated instrument");
            assertThat(instrument.items()).allSatisfy(item -> assertThat(item.text()).containsKeys("en", "de"));
        }
        Score feedback = Scorer.score(library.get("session-feedback"), java.util.List.of(Answer.of("heard", 9),
                Answer.of("goals", 6), Answer.of("approach", 8), Answer.of("overall", 7)));
        assertThat(feedback.total()).as("the mean of the four").isEqualTo(7.5);
    }

    @Test
    void everyProblemIsNamedByItsField() {
        var result = InstrumentDefinitions.read("""
                {"id": "Bad Id", "version": 0, "names": {"de": "Nur Deutsch"},
                 "licence": {"name": "x"}, "direction": "SIDEWAYS",
                 "options": [{"value": 0, "label": {"en": "No"}}, {"value": 0, "label": {"en": "Also no"}}],
                 "items": [{"id": "a", "text": {"en": "A"}}, {"id": "a", "text": {"en": "Again"}}],
                 "scoring": {"method": "SUM", "reverseItems": ["z"]},
                 "bands": [{"from": 5, "key": "high"}, {"from": 1, "key": "low"}],
                 "riskItems": [{"item": "a", "atLeast": 7}]}
                """);
        assertThat(result).isInstanceOf(InstrumentDefinitions.Result.Invalid.class);
        assertThat(((InstrumentDefinitions.Result.Invalid) result).problems()).anySatisfy(p -> assertThat(p).startsWith("id:"))
                .anySatisfy(p -> assertThat(p).startsWith("version:"))
                .anySatisfy(p -> assertThat(p).startsWith("names: English"))
                .anySatisfy(p -> assertThat(p).startsWith("licence.attribution:"))
                .anySatisfy(p -> assertThat(p).startsWith("direction:"))
                .anySatisfy(p -> assertThat(p).startsWith("options[1].value: 0 is used twice"))
                .anySatisfy(p -> assertThat(p).startsWith("items[1].id: 'a' is used twice"))
                .anySatisfy(p -> assertThat(p).startsWith("scoring.reverseItems:"))
                .anySatisfy(p -> assertThat(p).startsWith("bands[1].from: bands must rise"))
                .anySatisfy(p -> assertThat(p).startsWith("riskItems[0].atLeast: 7 is not an answer"));
    }

    @Test
    void anOptionalItemIsReadAndItemsAreRequiredByDefault() {
        var result = InstrumentDefinitions.read("""
                {"id": "demo", "version": 1, "names": {"en": "Demo"},
                 "licence": {"name": "x", "attribution": "y"}, "direction": "HIGHER_IS_WORSE",
                 "options": [{"value": 0, "label": {"en": "No"}}, {"value": 1, "label": {"en": "Yes"}}],
                 "items": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}, "optional": true}],
                 "scoring": {"method": "SUM"}}
                """);
        Instrument demo = ((InstrumentDefinitions.Result.Valid) result).instrument();
        assertThat(demo.item("a").orElseThrow().optional()).isFalse();
        assertThat(demo.item("b").orElseThrow().optional()).isTrue();
        Score onlyRequired = Scorer.score(demo, java.util.List.of(Answer.of("a", 1)));
        assertThat(onlyRequired.completeness()).isEqualTo(Score.Completeness.COMPLETE);
        assertThat(onlyRequired.total()).isEqualTo(1.0);
        assertThat(Scorer.score(demo, java.util.List.of(Answer.of("a", 1), Answer.of("b", 1))).total()).isEqualTo(2.0);
    }

    @Test
    void brokenJsonIsReportedWithItsLine() {
        assertThat(InstrumentDefinitions.read("{\n\"id\": ")).isEqualTo(new InstrumentDefinitions.Result.Invalid(
                java.util.List.of("not valid JSON (line 2)")));
    }
}
