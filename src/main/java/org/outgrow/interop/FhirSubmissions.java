package org.outgrow.interop;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.measurement.Answer;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A QuestionnaireResponse posted to the FHIR interface, turned into the answers of one of the
 * therapist's open episodes and handed to measurement, which scores, stores and alerts it as it
 * would a portal answer. Whatever cannot be taken is refused with a message that says what to
 * change; nothing is half-stored. A response's identifier makes a retry return the first result.
 */
@Service
class FhirSubmissions {

    /** The stored response in the questionnaire it answers, and whether an earlier post with the same identifier stored it. */
    record Result(FhirRecords.EpisodeResponse stored, Instrument instrument, boolean repeated) {
    }

    /** A response refused as sent; the message names what to fix. */
    static final class Unprocessable extends RuntimeException {
        private final HttpStatus status;

        Unprocessable(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }

    private final FhirRecords records;
    private final MeasurementRecords measures;
    private final MessageSource messages;
    private final QuestionnaireMappings mappings;

    FhirSubmissions(FhirRecords records, MeasurementRecords measures, MessageSource messages,
                    QuestionnaireMappings mappings) {
        this.mappings = mappings;
        this.records = records;
        this.measures = measures;
        this.messages = messages;
    }

    /** A posted response as far as it can be read without the database: what it answers, and for whom. */
    record Posted(QuestionnaireResponse response, QuestionnaireMappings.Resolved resolved, UUID client) {
    }

    /** One transaction from the episode it goes to to the stored response it answers with. */
    @Transactional
    Result submit(OutgrowUser therapist, String body) {
        Posted read = read(body, mappings::resolve);
        QuestionnaireResponse posted = read.response();
        QuestionnaireMappings.Resolved resolved = read.resolved();
        Instrument instrument = resolved.instrument();
        MeasurementRecords.Submitted submitted;
        try {
            submitted = measures.submit(read.client(), instrument.id(), submissionKey(posted),
                    answers(posted, resolved), therapist);
        } catch (RuntimeException refused) {
            throw MeasurementRecords.refusal(refused)
                    .map(refusal -> new Unprocessable(HttpStatus.UNPROCESSABLE_CONTENT, refusal.messageKey() == null
                            ? refusal.text() : messages.getMessage(refusal.messageKey(), null,
                            refusal.text(), Locale.ENGLISH)))
                    .<RuntimeException>map(unprocessable -> unprocessable).orElse(refused);
        }
        return switch (submitted) {
            case MeasurementRecords.Submitted.Stored stored when stored.stored().isPresent() -> new Result(
                    new FhirRecords.EpisodeResponse(stored.episode(), stored.stored().get()), instrument, false);
            case MeasurementRecords.Submitted.Stored stored -> earlier(therapist, stored.response());
            case MeasurementRecords.Submitted.NoOpenEpisode none -> throw new Unprocessable(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "The patient has no open episode with the token's therapist, so there is nowhere to record it.");
        };
    }

    /** The response stored under the same identifier before, as it was stored (its questionnaire, its patient). */
    private Result earlier(OutgrowUser therapist, UUID response) {
        FhirRecords.EpisodeResponse earlier = records.submitted(therapist, response).orElseThrow(() ->
                new Unprocessable(HttpStatus.CONFLICT, "A response with this identifier is stored already, in a"
                        + " record this token cannot see; give each response an identifier of its own."));
        Instrument instrument = measures.questionnaire(earlier.answered().response().instrument()).orElseThrow(() ->
                new Unprocessable(HttpStatus.CONFLICT, "A response with this identifier is stored already, for a"
                        + " questionnaire this server no longer offers; give each response an identifier of its own."));
        return new Result(earlier, instrument, true);
    }

    /**
     * The body as a completed QuestionnaireResponse to one of the questionnaires {@code resolve}
     * knows, about a patient. Refuses with {@link Unprocessable}, or HAPI's {@link ca.uhn.fhir.parser.DataFormatException}
     * for a body that is no QuestionnaireResponse in JSON (the controller answers both).
     */
    static Posted read(String body, Function<String, Optional<QuestionnaireMappings.Resolved>> resolve) {
        QuestionnaireResponse posted = PlainQuestionnaireResponse.read(body)
                .orElseGet(() -> Fhir.parse(QuestionnaireResponse.class, body));
        if (!posted.hasQuestionnaire()) {
            throw unprocessable("QuestionnaireResponse.questionnaire is missing: give the canonical URL of one of "
                    + "this server's Questionnaires, e.g. " + FhirResources.questionnaireUrl("phq-9") + ".");
        }
        QuestionnaireMappings.Resolved resolved = resolve.apply(posted.getQuestionnaire()).orElseThrow(() ->
                unprocessable("This server knows no Questionnaire '" + shown(FhirResources.instrumentOf(
                        posted.getQuestionnaire())) + "'; GET Questionnaire lists them, and an administrator can"
                        + " bring in another system's."));
        if (posted.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED) {
            throw unprocessable("Only completed responses are taken: set status to 'completed'.");
        }
        return new Posted(posted, resolved, patient(posted));
    }

    private static UUID patient(QuestionnaireResponse posted) {
        String reference = posted.getSubject().getReference();
        if (reference == null || !reference.startsWith("Patient/")) {
            throw unprocessable("QuestionnaireResponse.subject must reference the patient, as 'Patient/<id>'.");
        }
        return SearchQuery.uuid(reference.substring("Patient/".length()));
    }

    /**
     * Every item of the questionnaire (unanswered ones as missing), and whatever else was sent, for
     * the scorer to name; a response posted or imported. {@link Unprocessable} says what to fix.
     */
    static List<Answer> answers(QuestionnaireResponse posted, QuestionnaireMappings.Resolved resolved) {
        Instrument instrument = resolved.instrument();
        Map<String, Integer> given = new HashMap<>();
        List<Answer> extra = new ArrayList<>();
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : posted.getItem()) {
            if (item.getLinkId() == null) {
                throw unprocessable("An item has no linkId: give each item the linkId of the Questionnaire item it"
                        + " answers.");
            }
            if (item.hasItem()) {
                throw unprocessable("Item '" + shown(item.getLinkId()) + "' has nested items; this questionnaire "
                        + "has none.");
            }
            if (item.getAnswer().size() > 1) {
                throw unprocessable("Item '" + shown(item.getLinkId()) + "' has more than one answer; give one.");
            }
            if (item.getAnswer().isEmpty()) {
                continue;
            }
            Integer value = value(item.getLinkId(), item.getAnswerFirstRep().getValue());
            String ours = resolved.item(item.getLinkId());
            if (given.containsKey(ours) || instrument.item(ours).isEmpty()) {
                extra.add(new Answer(ours, value));
            } else {
                given.put(ours, value);
            }
        }
        List<Answer> answers = new ArrayList<>(instrument.items().stream()
                .map(item -> new Answer(item.id(), given.get(item.id()))).toList());
        answers.addAll(extra);
        return answers;
    }

    private static final BigDecimal LARGEST_VALUE = BigDecimal.valueOf(999_999);

    private static Integer value(String linkId, @Nullable Type value) {
        if (value instanceof Coding coding && coding.getCode() != null && coding.getCode().matches("-?\\d{1,6}")) {
            return Integer.valueOf(coding.getCode());
        }
        if (value instanceof IntegerType integer && integer.getValue() != null) {
            return integer.getValue();
        }
        // A whole decimal within what a code may give (six digits): a larger one overflowed intValueExact.
        if (value instanceof DecimalType decimal && decimal.getValue() != null
                && decimal.getValue().stripTrailingZeros().scale() <= 0
                && decimal.getValue().abs().compareTo(LARGEST_VALUE) <= 0) {
            return decimal.getValue().intValueExact();
        }
        throw unprocessable("The answer to item '" + shown(linkId) + "' must be a valueCoding whose code is the "
                + "option's value (as in the Questionnaire's answerOption), or a valueInteger.");
    }

    /**
     * The response's identifier names the submission, so the same response sent twice is stored
     * once; without one ({@code null}), each post is a new response.
     */
    private static @Nullable UUID submissionKey(QuestionnaireResponse posted) {
        if (posted.hasIdentifier() && posted.getIdentifier().hasValue()) {
            String name = "fhir|" + posted.getIdentifier().getSystem() + "|" + posted.getIdentifier().getValue();
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static Unprocessable unprocessable(String message) {
        return new Unprocessable(HttpStatus.UNPROCESSABLE_CONTENT, message);
    }

    /** An id echoed in a message only when it is short and plain, so no sent text is reflected. */
    static String shown(@Nullable String id) {
        return id != null && id.length() <= 64 && id.matches("[A-Za-z0-9_.\\-]+") ? id : "…";
    }
}
