package org.outgrow.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The FHIR R4 interface at {@code /fhir/r4}: the capability statement for anyone; read and search
 * of Patient, EpisodeOfCare, Questionnaire, QuestionnaireResponse, Observation and Goal with a
 * READ token; creating a QuestionnaireResponse with a SUBMIT_RESPONSES token, which is scored and
 * alerted exactly like a portal answer. A token reaches only what its therapist may see; anything
 * else is "not found". JSON only.
 */
@RestController
class FhirController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");
    static final int MAX_BODY = 256 * 1024;

    private final FhirRecords records;
    private final MeasurementRecords measures;
    private final FhirSubmissions submissions;
    private final MessageSource messages;
    private final Clock clock;
    private final String base;

    FhirController(FhirRecords records, MeasurementRecords measures, FhirSubmissions submissions,
                   MessageSource messages, Clock clock, @Value("${outgrow.base-url}") String baseUrl) {
        this.records = records;
        this.measures = measures;
        this.submissions = submissions;
        this.messages = messages;
        this.clock = clock;
        this.base = baseUrl + "/fhir/r4";
    }

    @GetMapping("/fhir/r4/metadata")
    @PreAuthorize("permitAll()")
    ResponseEntity<String> metadata() {
        return ok(FhirCapabilities.statement(base, Date.from(clock.instant())));
    }

    // --- Patient ---------------------------------------------------------------------------

    @GetMapping("/fhir/r4/Patient")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> patients(@AuthenticationPrincipal OutgrowUser owner,
                                    @RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id");
        return bundle(records.patients(owner, search.id("_id")).stream().map(FhirResources::patient).toList());
    }

    @GetMapping("/fhir/r4/Patient/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> patient(@AuthenticationPrincipal OutgrowUser owner, @PathVariable String id) {
        return one(records.patients(owner, SearchQuery.uuid(id)).stream().map(FhirResources::patient).toList());
    }

    // --- EpisodeOfCare ---------------------------------------------------------------------

    @GetMapping("/fhir/r4/EpisodeOfCare")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> episodesOfCare(@AuthenticationPrincipal OutgrowUser owner,
                                          @RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id", "patient");
        return bundle(records.episodes(owner, search.patient()).stream()
                .filter(search.matchesId(episode -> episode.id().toString()))
                .map(FhirResources::episodeOfCare).toList());
    }

    @GetMapping("/fhir/r4/EpisodeOfCare/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> episodeOfCare(@AuthenticationPrincipal OutgrowUser owner, @PathVariable String id) {
        return one(records.episode(owner, SearchQuery.uuid(id)).map(FhirResources::episodeOfCare).stream().toList());
    }

    // --- Questionnaire ---------------------------------------------------------------------

    @GetMapping("/fhir/r4/Questionnaire")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> questionnaires(@RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id", "url");
        return bundle(measures.questionnaires().stream()
                .filter(search.matchesId(Instrument::id))
                .filter(instrument -> search.value("url") == null
                        || FhirResources.instrumentOf(search.value("url")).equals(instrument.id()))
                .map(FhirResources::questionnaire).toList());
    }

    @GetMapping("/fhir/r4/Questionnaire/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> questionnaire(@PathVariable String id) {
        return one(measures.questionnaire(id).map(FhirResources::questionnaire).stream().toList());
    }

    // --- QuestionnaireResponse -------------------------------------------------------------

    @GetMapping("/fhir/r4/QuestionnaireResponse")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> questionnaireResponses(@AuthenticationPrincipal OutgrowUser owner,
                                                  @RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id", "patient", "subject", "questionnaire");
        String questionnaire = search.value("questionnaire");
        return bundle(responsesOf(records.responses(owner, search.patient())).stream()
                .filter(search.matchesId(response -> response.getIdPart()))
                .filter(response -> questionnaire == null || FhirResources.instrumentOf(response.getQuestionnaire())
                        .equals(FhirResources.instrumentOf(questionnaire)))
                .toList());
    }

    @GetMapping("/fhir/r4/QuestionnaireResponse/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> questionnaireResponse(@AuthenticationPrincipal OutgrowUser owner,
                                                 @PathVariable String id) {
        return one(responsesOf(records.responsesBeside(owner, SearchQuery.uuid(id))).stream().filter(response -> response.getIdPart().equals(id))
                .toList());
    }

    @PostMapping(value = "/fhir/r4/QuestionnaireResponse")
    @PreAuthorize("hasAuthority('SCOPE_SUBMIT_RESPONSES')")
    ResponseEntity<String> submit(@AuthenticationPrincipal OutgrowUser owner, HttpServletRequest request)
            throws IOException {
        FhirSubmissions.Result result = submissions.submit(owner, body(request));
        // The questionnaire is the one the submission resolved: no second look-up (and transaction) for it.
        String created = QuestionnaireResponseJson.of(result.stored().answered(), result.stored().episode().clientId(),
                result.instrument());
        return ResponseEntity.status(result.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", base + "/QuestionnaireResponse/" + result.stored().answered().response().id())
                .contentType(FHIR_JSON).body(created);
    }

    /**
     * The posted body, read no further than {@link #MAX_BODY}: one questionnaire's answers are a few
     * kilobytes, and a body read whole into memory would let one token exhaust the heap.
     */
    private static String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new TooLarge();
        }
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new TooLarge();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static final class TooLarge extends RuntimeException {
    }

    // --- Observation -----------------------------------------------------------------------

    @GetMapping("/fhir/r4/Observation")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> observations(@AuthenticationPrincipal OutgrowUser owner,
                                        @RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id", "patient", "subject", "code");
        String code = search.value("code");
        return bundle(observationsOf(records.responses(owner, search.patient())).stream()
                .filter(search.matchesId(observation -> observation.getIdPart()))
                .filter(observation -> code == null || observation.getCode().getCoding().stream()
                        .anyMatch(coding -> code.equals(coding.getCode())
                                || code.equals(coding.getSystem() + "|" + coding.getCode())))
                .toList());
    }

    @GetMapping("/fhir/r4/Observation/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> observation(@AuthenticationPrincipal OutgrowUser owner, @PathVariable String id) {
        return one(observationsOf(records.responsesBeside(owner, responseOf(id))).stream().filter(observation -> observation.getIdPart().equals(id))
                .toList());
    }

    // --- Goal ------------------------------------------------------------------------------

    @GetMapping("/fhir/r4/Goal")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> goals(@AuthenticationPrincipal OutgrowUser owner,
                                 @RequestParam Map<String, String> query) {
        SearchQuery search = SearchQuery.of(query, "_id", "patient", "subject");
        return bundle(records.goals(owner, search.patient()).stream()
                .map(goal -> FhirResources.goal(goal.focus(), goal.episode().clientId(), goal.ratings()))
                .filter(search.matchesId(goal -> goal.getIdPart()))
                .toList());
    }

    @GetMapping("/fhir/r4/Goal/{id}")
    @PreAuthorize("hasAuthority('SCOPE_READ')")
    ResponseEntity<String> goal(@AuthenticationPrincipal OutgrowUser owner, @PathVariable String id) {
        return one(records.goals(owner, null).stream().filter(goal -> goal.focus().id().toString().equals(id))
                .map(goal -> FhirResources.goal(goal.focus(), goal.episode().clientId(), goal.ratings())).toList());
    }

    // --- answers ---------------------------------------------------------------------------

    private List<org.hl7.fhir.r4.model.QuestionnaireResponse> responsesOf(List<FhirRecords.EpisodeResponse> rows) {
        return rows.stream()
                .flatMap(row -> measures.questionnaire(row.answered().response().instrument()).stream()
                        .map(instrument -> FhirResources.questionnaireResponse(row.answered(),
                                row.episode().clientId(), instrument)))
                .toList();
    }

    private List<org.hl7.fhir.r4.model.Observation> observationsOf(List<FhirRecords.EpisodeResponse> rows) {
        return rows.stream()
                .flatMap(row -> measures.questionnaire(row.answered().response().instrument()).stream()
                        .flatMap(instrument -> FhirResources.observations(row.answered().response(),
                                row.episode().clientId(), instrument, this::bandName).stream()))
                .toList();
    }

    /** An observation's id is its response's id and a suffix ({@code -total}, {@code -s1}, …). */
    private static UUID responseOf(String observationId) {
        return SearchQuery.uuid(observationId.length() > 36 ? observationId.substring(0, 36) : observationId);
    }

    private String bandName(String band) {
        return messages.getMessage("band." + band, null, band, Locale.ENGLISH);
    }

    private ResponseEntity<String> ok(IBaseResource resource) {
        return ResponseEntity.ok().contentType(FHIR_JSON).body(Fhir.json().encodeResourceToString(resource));
    }

    private ResponseEntity<String> one(List<? extends Resource> found) {
        if (found.isEmpty()) {
            throw new EpisodeWork.NotYours();
        }
        return ok(found.getFirst());
    }

    private ResponseEntity<String> bundle(List<? extends Resource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.size());
        bundle.setTimestamp(Date.from(clock.instant()));
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdPart())
                    .setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return ok(bundle);
    }

    // --- refusals, as OperationOutcomes ----------------------------------------------------

    @ExceptionHandler(EpisodeWork.NotYours.class)
    ResponseEntity<String> notFound() {
        return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND,
                "No such resource, or not one this token may see.");
    }

    @ExceptionHandler(SearchQuery.Unsupported.class)
    ResponseEntity<String> badSearch(SearchQuery.Unsupported unsupported) {
        return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.NOTSUPPORTED, unsupported.getMessage());
    }

    @ExceptionHandler(FhirSubmissions.Unprocessable.class)
    ResponseEntity<String> unprocessable(FhirSubmissions.Unprocessable refused) {
        return outcome(refused.status(), OperationOutcome.IssueType.PROCESSING, refused.getMessage());
    }

    @ExceptionHandler(TooLarge.class)
    ResponseEntity<String> tooLarge() {
        return outcome(HttpStatus.CONTENT_TOO_LARGE, OperationOutcome.IssueType.TOOCOSTLY,
                "The body is larger than " + MAX_BODY / 1024 + " KiB; post one QuestionnaireResponse at a time.");
    }

    @ExceptionHandler(DataFormatException.class)
    ResponseEntity<String> unreadable() {
        return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.STRUCTURE,
                "The body is not a FHIR R4 resource in JSON.");
    }

    private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueType type, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(Fhir.json().encodeResourceToString(outcome));
    }
}
