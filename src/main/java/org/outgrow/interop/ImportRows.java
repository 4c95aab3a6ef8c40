package org.outgrow.interop;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.measurement.Answer;
import org.outgrow.measurement.InvalidResponse;
import org.outgrow.measurement.AnswerRow;
import org.outgrow.measurement.Instrument;
import org.outgrow.shared.Csv;

/**
 * One line of an import file read into what it stands for, or into a problem that names the
 * line and what to fix (never the values, which may be clinical). Pure: no database, no Spring.
 *
 * <p>NDJSON: one FHIR resource per line, Patient, EpisodeOfCare and QuestionnaireResponse (as the
 * FHIR interface emits them); Observations are skipped, since Outgrow computes them from the
 * answers. CSV: the {@code score} command's input (client, ISO date, one column per item).
 */
final class ImportRows {

    sealed interface Row {
        int line();
    }

    record PatientRow(int line, String id, String name) implements Row {
    }

    record EpisodeRow(int line, String id, String patient, EpisodeState state, Instant opened,
                      @Nullable Instant ended) implements Row {
    }

    /** A response; {@code key} names it across re-runs, {@code episode} is null when the file gives none. */
    record ResponseRow(int line, String key, String patient, @Nullable String episode, Instrument instrument,
                       Instant answered, int sessionNumber, List<Answer> answers) implements Row {
    }

    record Skipped(int line) implements Row {
    }

    record Problem(int line, String message) implements Row {
    }


    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** FHIR's limit for a resource id; the import keeps the file's ids as keys, so it holds them to it. */
    static final int MAX_ID = 64;
    /** A CSV client is kept as a key too ("csv:" and the name), beside the episode made up for it. */
    static final int MAX_CSV_CLIENT = 180;

    private ImportRows() {
    }

    static Row ndjson(int line, String text, Function<String, Optional<QuestionnaireMappings.Resolved>> instruments) {
        IBaseResource resource;
        try {
            resource = Fhir.parse(text);
        } catch (DataFormatException | ClassCastException e) {
            return new Problem(line, "not a FHIR R4 resource in JSON");
        }
        return switch (resource) {
            case Patient patient -> patient(line, patient);
            case EpisodeOfCare episode -> episode(line, episode);
            case QuestionnaireResponse response -> response(line, response, instruments);
            case org.hl7.fhir.r4.model.Observation observation -> new Skipped(line);
            default -> new Problem(line, "a " + resource.fhirType() + " is not imported; give Patient, "
                    + "EpisodeOfCare and QuestionnaireResponse lines");
        };
    }

    /** The CSV header must be {@code client,date} and then the instrument's item ids in order. */
    static Optional<String> csvHeaderProblem(String header, Instrument instrument) {
        List<String> expected = new ArrayList<>(List.of("client", "date"));
        instrument.items().forEach(item -> expected.add(item.id()));
        List<String> found = Csv.split(header).stream().map(String::strip).toList();
        return found.equals(expected) ? Optional.empty()
                : Optional.of("the header must be: " + String.join(",", expected));
    }

    static Row csv(int line, String text, Instrument instrument, ZoneId zone) {
        List<String> cells = Csv.split(text);
        Optional<String> shape = AnswerRow.shapeProblem(instrument, cells);
        if (shape.isPresent()) {
            return new Problem(line, shape.get());
        }
        String client = cells.get(0).strip();
        if (client.isEmpty() || client.length() > MAX_CSV_CLIENT) {
            return new Problem(line, "the client column must name the client (1 to " + MAX_CSV_CLIENT
                    + " characters)");
        }
        Optional<LocalDate> given = isoDate(cells.get(1).strip());
        if (given.isEmpty()) {
            return new Problem(line, "the date is not an ISO date (YYYY-MM-DD)");
        }
        LocalDate date = given.get();
        List<Answer> answers;
        try {
            answers = AnswerRow.answers(instrument, cells);
        } catch (InvalidResponse notANumber) {
            return new Problem(line, notANumber.getMessage());
        }
        // The same line in a later run names the same response; a different answer that day does not.
        String key = "csv|" + instrument.id() + "|" + client + "|" + date + "|"
                + org.outgrow.identity.Tokens.hash(String.join(",", cells.subList(2, cells.size())));
        return new ResponseRow(line, key, "csv:" + client, null, instrument,
                date.atTime(LocalTime.NOON).atZone(zone).toInstant(), 0, answers);
    }

    /** Four-digit years only: ISO also reads "+999999999-12-31", which no database column holds. */
    private static Optional<LocalDate> isoDate(String text) {
        if (!ISO_DATE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Row patient(int line, Patient patient) {
        if (!patient.hasIdElement() || patient.getIdElement().getIdPart() == null) {
            return new Problem(line, "the Patient has no id");
        }
        if (patient.getIdElement().getIdPart().length() > MAX_ID) {
            return new Problem(line, "the Patient id is longer than FHIR allows (" + MAX_ID + " characters)");
        }
        String name = patient.getNameFirstRep().getText();
        if (name == null || name.isBlank()) {
            name = (String.join(" ", patient.getNameFirstRep().getGiven().stream().map(Object::toString).toList())
                    + " " + (patient.getNameFirstRep().getFamily() == null ? "" : patient.getNameFirstRep().getFamily()))
                    .strip();
        }
        if (name.isBlank() || name.length() > 200) {
            return new Problem(line, "the Patient needs a name (name.text, or given and family) of up to 200 characters");
        }
        return new PatientRow(line, patient.getIdElement().getIdPart(), name);
    }

    private static Row episode(int line, EpisodeOfCare episode) {
        if (!episode.hasIdElement() || episode.getIdElement().getIdPart() == null) {
            return new Problem(line, "the EpisodeOfCare has no id");
        }
        if (episode.getIdElement().getIdPart().length() > MAX_ID) {
            return new Problem(line, "the EpisodeOfCare id is longer than FHIR allows (" + MAX_ID + " characters)");
        }
        String patient = reference(episode.getPatient().getReference());
        if (patient == null) {
            return new Problem(line, "EpisodeOfCare.patient must reference the patient as 'Patient/<id>', with an"
                    + " id of up to " + MAX_ID + " characters");
        }
        if (!episode.getPeriod().hasStart()) {
            return new Problem(line, "EpisodeOfCare.period.start is needed: when the episode began");
        }
        if (episode.getStatus() == null) {
            return new Problem(line, "EpisodeOfCare.status is needed, e.g. 'active' or 'finished'");
        }
        EpisodeState state = switch (episode.getStatus()) {
            case PLANNED, WAITLIST -> EpisodeState.INTAKE;
            case ACTIVE, ONHOLD -> stage(episode).orElse(EpisodeState.ACTIVE);
            case FINISHED -> stage(episode).filter(stage -> !stage.open()).orElse(EpisodeState.ENDED);
            default -> null;
        };
        if (state == null) {
            return new Problem(line, "an EpisodeOfCare that is cancelled or entered in error is not imported");
        }
        if (!state.open() && !episode.getPeriod().hasEnd()) { // else the outcome report could never count it
            return new Problem(line, "a finished EpisodeOfCare needs period.end: when the episode ended");
        }
        // An open episode has not ended, whatever end its period gives (another system's planned end, say).
        return new EpisodeRow(line, episode.getIdElement().getIdPart(), patient, state,
                episode.getPeriod().getStart().toInstant(),
                state.open() ? null : episode.getPeriod().getEnd().toInstant());
    }

    /** Outgrow's own stage, when the episode came from Outgrow. */
    private static Optional<EpisodeState> stage(EpisodeOfCare episode) {
        return episode.getType().stream().flatMap(type -> type.getCoding().stream())
                .filter(coding -> FhirResources.STAGE_CODES.equals(coding.getSystem()) && coding.getCode() != null)
                .map(coding -> {
                    try {
                        return EpisodeState.valueOf(coding.getCode());
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static Row response(int line, QuestionnaireResponse response,
                                Function<String, Optional<QuestionnaireMappings.Resolved>> instruments) {
        if (!response.hasIdElement() || response.getIdElement().getIdPart() == null) {
            return new Problem(line, "the QuestionnaireResponse has no id");
        }
        String patient = reference(response.getSubject().getReference());
        if (patient == null) {
            return new Problem(line, "QuestionnaireResponse.subject must reference the patient as 'Patient/<id>',"
                    + " with an id of up to " + MAX_ID + " characters");
        }
        if (!response.hasAuthored()) {
            return new Problem(line, "QuestionnaireResponse.authored is needed: when it was answered");
        }
        if (response.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED) {
            return new Problem(line, "only completed responses are imported");
        }
        Optional<QuestionnaireMappings.Resolved> resolved = response.hasQuestionnaire()
                ? instruments.apply(response.getQuestionnaire()) : Optional.empty();
        Optional<Instrument> instrument = resolved.map(QuestionnaireMappings.Resolved::instrument);
        if (instrument.isEmpty()) {
            return new Problem(line, "QuestionnaireResponse.questionnaire names no questionnaire this practice has");
        }
        List<Answer> answers;
        try {
            answers = FhirSubmissions.answers(response, resolved.get());
        } catch (FhirSubmissions.Unprocessable unusable) {
            return new Problem(line, unusable.getMessage());
        }
        int session = response.getExtensionByUrl(FhirResources.SESSION_NUMBER) != null
                && response.getExtensionByUrl(FhirResources.SESSION_NUMBER).getValue() instanceof IntegerType number
                && number.getValue() != null ? number.getValue() : 0;
        return new ResponseRow(line, "fhir|" + response.getIdElement().getIdPart(), patient, null, instrument.get(),
                response.getAuthored().toInstant(), session, answers);
    }

    private static @Nullable String reference(@Nullable String reference) {
        return reference != null && reference.startsWith("Patient/") && reference.length() > 8
                && reference.length() <= 8 + MAX_ID ? reference.substring(8) : null;
    }
}
