package org.outgrow.interop;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Questionnaire;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which instrument a Questionnaire's canonical URL means in this practice, and how its items map
 * to ours: Outgrow's own URLs (and bare ids) directly, other systems' URLs through the mappings an
 * administrator added by bringing in their Questionnaire.
 */
@Service
class QuestionnaireMappings {

    /** An instrument and, for each linkId the other system uses, our item id. */
    record Resolved(Instrument instrument, Map<String, String> items) {
        String item(String linkId) {
            return items.getOrDefault(linkId, linkId);
        }
    }

    /** What bringing in a Questionnaire did. */
    sealed interface Outcome {
        record Mapped(String url, Instrument instrument, int items) implements Outcome {
        }

        record Added(String instrument) implements Outcome {
        }

        record Refused(List<String> problems) implements Outcome {
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> ITEMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final MeasurementRecords measures;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    QuestionnaireMappings(JdbcClient jdbc, MeasurementRecords measures, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.measures = measures;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Optional<Resolved> resolve(String canonical) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        if (url.startsWith(FhirResources.BASE + "/Questionnaire/")) { // this server's own: nothing to look up
            return ours(url);
        }
        Optional<Resolved> mapped = jdbc.sql("select instrument, items from questionnaire_mapping"
                        + " where practice_id = ? and url = ?")
                .params(Tenancy.requirePractice().value(), url)
                .query((rs, row) -> Map.entry(rs.getString("instrument"), rs.getString("items"))).optional()
                .flatMap(found -> measures.questionnaire(found.getKey())
                        .map(instrument -> new Resolved(instrument, JSON.readValue(found.getValue(), ITEMS))));
        if (mapped.isPresent()) {
            return mapped;
        }
        return !url.contains("/") ? ours(url) : Optional.empty();
    }

    private Optional<Resolved> ours(String url) {
        return measures.questionnaire(FhirResources.instrumentOf(url)).map(instrument -> new Resolved(instrument, Map.of()));
    }

    /** Brings in a Questionnaire given as FHIR JSON, as a mapping to a known instrument or a new one. */
    @Transactional
    Outcome bringIn(String json, OutgrowUser admin) {
        Optional<Questionnaire> read = QuestionnaireDefinitions.questionnaire(json);
        if (read.isEmpty()) {
            return new Outcome.Refused(List.of("This is not a FHIR R4 Questionnaire in JSON."));
        }
        Questionnaire questionnaire = read.get();
        return switch (QuestionnaireDefinitions.understand(questionnaire, measures.questionnaires())) {
            case QuestionnaireDefinitions.Problems problems -> new Outcome.Refused(problems.problems());
            case QuestionnaireDefinitions.NewDefinition definition -> {
                List<String> problems = measures.addInstrument(definition.json(), admin.accountId());
                yield problems.isEmpty() ? new Outcome.Added(questionnaire.getIdElement().getIdPart() == null
                        ? questionnaire.getName() : questionnaire.getIdElement().getIdPart())
                        : new Outcome.Refused(problems);
            }
            case QuestionnaireDefinitions.Known known -> {
                if (!questionnaire.hasUrl() || questionnaire.getUrl().startsWith(FhirResources.BASE + "/")) {
                    yield new Outcome.Mapped(FhirResources.questionnaireUrl(known.instrument().id()),
                            known.instrument(), known.items().size());
                }
                String url = questionnaire.getUrl();
                jdbc.sql("""
                        insert into questionnaire_mapping (practice_id, url, instrument, items, added_by, added_at)
                        values (?, ?, ?, ?::jsonb, ?, ?)
                        on conflict (practice_id, url) do update set instrument = excluded.instrument,
                            items = excluded.items, added_by = excluded.added_by, added_at = excluded.added_at""")
                        .params(admin.practiceId().value(), url, known.instrument().id(),
                                JSON.writeValueAsString(known.items()), admin.accountId(),
                                Timestamp.from(clock.instant()))
                        .update();
                events.publishEvent(AuditEvent.write("QUESTIONNAIRE_MAPPED", "questionnaire_mapping", Ids.next(), null));
                yield new Outcome.Mapped(url, known.instrument(), known.items().size());
            }
        };
    }
}
