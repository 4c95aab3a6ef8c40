package org.outgrow.interop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.episodes.ChangeFocus;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.episodes.Foci;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.measurement.Score;
import org.outgrow.measurement.StoredResponse;

/**
 * Outgrow's records as FHIR R4 resources. Pure mapping, no Spring and no database: what a
 * resource says is decided here, and tests validate every kind against the R4 base definitions.
 * Codes are LOINC where LOINC has one and Outgrow's own code systems otherwise.
 */
final class FhirResources {

    /** The namespace of Outgrow's own canonical URLs and code systems. */
    static final String BASE = "https://fhir.outgrow.org";
    static final String SCORE_CODES = BASE + "/CodeSystem/score";
    static final String ANSWER_CODES = BASE + "/CodeSystem/answer-value";
    static final String BAND_CODES = BASE + "/CodeSystem/severity-band";
    static final String STAGE_CODES = BASE + "/CodeSystem/episode-stage";
    static final String GOAL_CODES = BASE + "/CodeSystem/goal";
    static final String RESPONSE_IDENTIFIERS = BASE + "/NamingSystem/response";
    static final String LOINC = "http://loinc.org";
    /** How many sessions the client had attended when they answered: the expected range is read by it. */
    static final String SESSION_NUMBER = BASE + "/StructureDefinition/session-number";
    static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String UCUM = "http://unitsofmeasure.org";

    private FhirResources() {
    }

    static String questionnaireUrl(String instrumentId) {
        return BASE + "/Questionnaire/" + instrumentId;
    }

    /** The instrument a canonical URL names ({@code …/Questionnaire/phq-9|2} or a bare {@code phq-9}). */
    static String instrumentOf(String canonical) {
        String withoutVersion = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        return withoutVersion.substring(withoutVersion.lastIndexOf('/') + 1);
    }

    static Patient patient(Client client) {
        Patient patient = new Patient();
        patient.setId(client.id().toString());
        patient.setActive(true);
        patient.addName(new HumanName().setText(client.displayName()).setUse(HumanName.NameUse.USUAL));
        if (client.email() != null) {
            patient.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL)
                    .setValue(client.email()));
        }
        return patient;
    }

    static EpisodeOfCare episodeOfCare(Episode episode) {
        EpisodeOfCare resource = new EpisodeOfCare();
        resource.setId(episode.id().toString());
        resource.setStatus(switch (episode.state()) {
            case INTAKE -> EpisodeOfCare.EpisodeOfCareStatus.PLANNED;
            case ASSESSMENT, ACTIVE, ENDING -> EpisodeOfCare.EpisodeOfCareStatus.ACTIVE;
            case ENDED, FOLLOW_UP -> EpisodeOfCare.EpisodeOfCareStatus.FINISHED;
        });
        resource.addType(new CodeableConcept(new Coding(STAGE_CODES, episode.state().name(), stage(episode.state()))));
        resource.setPatient(patientReference(episode.clientId()));
        Period period = new Period().setStart(date(episode.openedAt()));
        if (episode.endedAt() != null) {
            period.setEnd(date(episode.endedAt()));
        }
        resource.setPeriod(period);
        return resource;
    }

    static Questionnaire questionnaire(Instrument instrument) {
        Questionnaire resource = new Questionnaire();
        resource.setId(instrument.id());
        resource.setUrl(questionnaireUrl(instrument.id()));
        resource.setVersion(Integer.toString(instrument.version()));
        resource.setName(computableName(instrument.id()));
        resource.setTitle(english(instrument.names()));
        resource.setStatus(Enumerations.PublicationStatus.ACTIVE);
        resource.addSubjectType("Patient");
        resource.setDescription(english(instrument.instructions()));
        resource.setCopyright(instrument.licence().attribution() + " (" + instrument.licence().name() + ")");
        if (instrument.loinc().panel() != null) {
            resource.addCode(new Coding(LOINC, instrument.loinc().panel(), null));
        }
        resource.addExtension(QuestionnaireDefinitions.scoringOf(instrument));
        for (Instrument.Item item : instrument.items()) {
            Questionnaire.QuestionnaireItemComponent question = resource.addItem()
                    .setLinkId(item.id())
                    .setText(english(item.text()))
                    .setType(Questionnaire.QuestionnaireItemType.CHOICE)
                    .setRequired(!item.optional());
            if (item.loinc() != null) {
                question.addCode(new Coding(LOINC, item.loinc(), null));
            }
            for (Instrument.Option option : item.options()) {
                question.addAnswerOption().setValue(answerCoding(option));
            }
        }
        return resource;
    }

    /** A stored response, with the answers as given. Unanswered items are left out, as FHIR expects. */
    static QuestionnaireResponse questionnaireResponse(MeasurementRecords.Answered answered, UUID clientId,
                                                       Instrument instrument) {
        StoredResponse stored = answered.response();
        QuestionnaireResponse resource = new QuestionnaireResponse();
        resource.setId(stored.id().toString());
        resource.setQuestionnaire(questionnaireUrl(instrument.id()) + "|" + instrument.version());
        resource.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        resource.setSubject(patientReference(clientId));
        resource.setAuthored(date(stored.answeredAt()));
        resource.addExtension(SESSION_NUMBER, new IntegerType(stored.sessionNumber()));
        for (Instrument.Item item : instrument.items()) {
            Integer value = answered.answers().get(item.id());
            if (value == null) {
                continue;
            }
            Optional<Instrument.Option> option = item.options().stream().filter(o -> o.value() == value).findFirst();
            resource.addItem().setLinkId(item.id()).setText(english(item.text())).addAnswer()
                    .setValue(option.map(FhirResources::answerCoding)
                            .orElseGet(() -> new Coding(ANSWER_CODES, Integer.toString(value), null)));
        }
        return resource;
    }

    /** The total of a response, and one observation per subscale: {@code <response>-total}, {@code <response>-s1}, … */
    static List<Observation> observations(StoredResponse stored, UUID clientId, Instrument instrument,
                                          Function<String, String> bandName) {
        List<Observation> observations = new ArrayList<>();
        Score score = stored.score();
        Observation total = observation(stored, clientId, stored.id() + "-total");
        if (instrument.loinc().total() != null) {
            total.getCode().addCoding(new Coding(LOINC, instrument.loinc().total(), null));
        }
        total.getCode().addCoding(new Coding(SCORE_CODES, instrument.id() + "-total", english(instrument.names())
                + " total score"));
        total.getCode().setText(english(instrument.names()) + " total score");
        if (score.total() != null) {
            total.setValue(points(score.total()));
        } else {
            total.setDataAbsentReason(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown")));
            total.addNote().setText("Too many items were left unanswered to score this response.");
        }
        if (score.band() != null) {
            total.addComponent().setCode(new CodeableConcept(new Coding(SCORE_CODES, "severity-band", "Severity band")))
                    .setValue(new CodeableConcept(new Coding(BAND_CODES, score.band(), bandName.apply(score.band()))));
        }
        if (score.caseness() != null) {
            total.addComponent().setCode(new CodeableConcept(new Coding(SCORE_CODES, "caseness",
                            "At or above the caseness cut-off")))
                    .setValue(new BooleanType(score.caseness()));
        }
        if (score.risk() != Score.Risk.NOT_APPLICABLE) {
            total.addComponent().setCode(new CodeableConcept(new Coding(SCORE_CODES, "risk", "Risk item")))
                    .setValue(new CodeableConcept(new Coding(SCORE_CODES, "risk-" + score.risk().name().toLowerCase(),
                            riskText(score.risk()))));
        }
        observations.add(total);
        List<String> subscales = List.copyOf(instrument.scoring().subscales().keySet());
        for (int index = 0; index < subscales.size(); index++) {
            String subscale = subscales.get(index);
            Double value = score.subscales().get(subscale);
            Observation observation = observation(stored, clientId, stored.id() + "-s" + (index + 1));
            String name = english(instrument.names()) + " " + subscale.replace('_', ' ') + " subscale";
            observation.getCode().addCoding(new Coding(SCORE_CODES, instrument.id() + "-" + subscale, name));
            observation.getCode().setText(name);
            if (value != null) {
                observation.setValue(points(value));
            } else {
                observation.setDataAbsentReason(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown")));
            }
            observations.add(observation);
        }
        return observations;
    }

    static Goal goal(ChangeFocus focus, UUID clientId, List<Foci.Rating> ratings) {
        Goal goal = new Goal();
        goal.setId(focus.id().toString());
        goal.setLifecycleStatus(switch (focus.status()) {
            case PROPOSED -> Goal.GoalLifecycleStatus.PROPOSED;
            case AGREED -> Goal.GoalLifecycleStatus.ACTIVE;
            case OUT_OF_SCOPE -> Goal.GoalLifecycleStatus.REJECTED;
            case ACHIEVED -> Goal.GoalLifecycleStatus.COMPLETED;
            case SET_ASIDE -> Goal.GoalLifecycleStatus.CANCELLED;
        });
        goal.setDescription(new CodeableConcept().setText(focus.wording()));
        goal.setSubject(patientReference(clientId));
        goal.addCategory(new CodeableConcept(new Coding(GOAL_CODES,
                focus.writtenBy() == ChangeFocus.Author.CLIENT ? "clients-words" : "recorded-by-therapist",
                focus.writtenBy() == ChangeFocus.Author.CLIENT ? "In the client's own words"
                        : "The client's words, recorded by the therapist")));
        if (ratings.size() >= 2 && focus.status() == ChangeFocus.Status.AGREED) {
            int first = ratings.getFirst().rating();
            int latest = ratings.getLast().rating();
            String code = latest > first ? "improving" : latest < first ? "worsening" : "no-change";
            goal.setAchievementStatus(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/goal-achievement", code, null)));
        }
        if (!ratings.isEmpty()) {
            Foci.Rating latest = ratings.getLast();
            goal.addNote().setText("Latest rating by the client: " + latest.rating() + " of 10")
                    .setTimeElement(new DateTimeType(date(latest.ratedAt())));
        }
        return goal;
    }

    static Identifier responseIdentifier(UUID responseId) {
        return new Identifier().setSystem(RESPONSE_IDENTIFIERS).setValue(responseId.toString());
    }

    private static Observation observation(StoredResponse stored, UUID clientId, String id) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
        observation.setCode(new CodeableConcept());
        observation.setSubject(patientReference(clientId));
        observation.setEffective(new DateTimeType(date(stored.answeredAt())));
        observation.setIssued(date(stored.answeredAt()));
        observation.addDerivedFrom(new Reference("QuestionnaireResponse/" + stored.id()));
        return observation;
    }

    private static Quantity points(double value) {
        Quantity quantity = new Quantity();
        quantity.setValueElement(new DecimalType(value));
        return quantity.setUnit("score").setSystem(UCUM).setCode("{score}");
    }

    private static Coding answerCoding(Instrument.Option option) {
        Coding coding = new Coding(ANSWER_CODES, Integer.toString(option.value()), english(option.label()));
        coding.addExtension(ORDINAL_VALUE, new DecimalType(option.value()));
        return coding;
    }

    static Reference patientReference(UUID clientId) {
        return new Reference("Patient/" + clientId);
    }

    private static String riskText(Score.Risk risk) {
        return switch (risk) {
            case POSITIVE -> "A risk item was answered at or above its trigger";
            case NEGATIVE -> "Every risk item answered, none at its trigger";
            case UNKNOWN -> "A risk item was left unanswered: risk is unknown, not absent";
            case NOT_APPLICABLE -> "No risk items";
        };
    }

    private static String stage(EpisodeState state) {
        return switch (state) {
            case INTAKE -> "Intake";
            case ASSESSMENT -> "Assessment";
            case ACTIVE -> "Active work";
            case ENDING -> "Ending phase";
            case ENDED -> "Ended";
            case FOLLOW_UP -> "Follow-up";
        };
    }

    /** {@code phq-9} → {@code PHQ9}: FHIR wants a name usable as an identifier. */
    private static String computableName(String id) {
        String name = id.toUpperCase().replaceAll("[^A-Z0-9]", "");
        return Character.isLetter(name.charAt(0)) ? name : "Q" + name;
    }

    static String english(Map<String, String> byLanguage) {
        return byLanguage.getOrDefault("en", byLanguage.values().stream().findFirst().orElse(""));
    }

    static Date date(Instant instant) {
        return Date.from(instant);
    }
}
