package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * PHQ-9 responses posted to the FHIR interface under load, each named by an identifier (its
 * submission key), and what the application answered. A response in doubt (sent, never answered)
 * is sent again with the same identifier, as a records system retries, and must then be stored
 * exactly once. Every third response answers the risk item, so it must come with its alert.
 */
final class ResponseWrites {

    static final String IDENTIFIER_SYSTEM = "urn:outgrow:crash-drill";
    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

    /** Identifier → risk item answered, for every response the application acknowledged. */
    final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    /** Identifiers of responses sent but not (yet) answered. */
    final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, Boolean> riskOf = new ConcurrentHashMap<>();
    final Set<String> repeatedAfterRestart = ConcurrentHashMap.newKeySet();
    /** Completed with its identifier by the writer that gets the next risk answer acknowledged. */
    private volatile CompletableFuture<String> nextRisk = new CompletableFuture<>();
    private final String run;
    private final String token;

    ResponseWrites(String run, String token) {
        this.run = run;
        this.token = token;
    }

    /** The key the application derives from a response's identifier (as {@code FhirSubmissions} does). */
    static UUID submissionKey(String identifier) {
        return UUID.nameUUIDFromBytes(("fhir|" + IDENTIFIER_SYSTEM + "|" + identifier).getBytes(StandardCharsets.UTF_8));
    }

    /** The therapist's clients by display name, as the FHIR interface lists them. */
    static Map<String, UUID> patients(Web web, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = web.fhir(token, "/fhir/r4/Patient", "");
        assertThat(response.statusCode()).as("Patient search").isEqualTo(200);
        Map<String, UUID> byName = new LinkedHashMap<>();
        for (Bundle.BundleEntryComponent entry : JSON.parseResource(Bundle.class, response.body()).getEntry()) {
            Patient patient = (Patient) entry.getResource();
            byName.put(patient.getNameFirstRep().getNameAsSingleString(), UUID.fromString(patient.getIdPart()));
        }
        return byName;
    }

    /** The patient's open episode with the token's therapist. */
    static UUID episode(Web web, String token, UUID patient) throws IOException, InterruptedException {
        HttpResponse<String> response = web.fhir(token, "/fhir/r4/EpisodeOfCare?patient=Patient/" + patient, "");
        assertThat(response.statusCode()).as("EpisodeOfCare search").isEqualTo(200);
        return JSON.parseResource(Bundle.class, response.body()).getEntry().stream()
                .map(entry -> (org.hl7.fhir.r4.model.EpisodeOfCare) entry.getResource())
                .filter(episode -> episode.getStatus() == org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
                .map(episode -> UUID.fromString(episode.getIdPart())).findFirst().orElseThrow();
    }

    /** A writer posting responses for one patient; a response in doubt is sent again before a new one. */
    Writes.Writer writer(Web web, UUID patient, String writer) {
        AtomicInteger next = new AtomicInteger();
        String[] pending = {null};
        return () -> {
            if (pending[0] == null) {
                int n = next.getAndIncrement();
                pending[0] = run + "-" + writer.replace(' ', '-') + "-" + n;
                bodies.put(pending[0], body(patient, pending[0], n % 3 == 0));
                riskOf.put(pending[0], n % 3 == 0);
                inDoubt.add(pending[0]);
            }
            String identifier = pending[0];
            Writes.Answer answer = send(web, identifier);
            if (answer == Writes.Answer.ACKNOWLEDGED || answer == Writes.Answer.REFUSED) {
                pending[0] = null;
            }
            return answer;
        };
    }

    /** Sends every response still in doubt again with its identifier; each must now be acknowledged. */
    void retryInDoubt(Web web) throws IOException, InterruptedException {
        for (String identifier : Set.copyOf(inDoubt)) {
            assertThat(send(web, identifier)).as("the retry of %s", identifier).isEqualTo(Writes.Answer.ACKNOWLEDGED);
        }
    }

    /** A retry of responses already acknowledged answers 200 with the first response and stores nothing. */
    void repeatAcknowledged(Web web, int howMany) throws IOException, InterruptedException {
        for (String identifier : acknowledged.keySet().stream().sorted().limit(howMany).toList()) {
            HttpResponse<String> response = web.fhir(token, "/fhir/r4/QuestionnaireResponse", bodies.get(identifier));
            assertThat(response.statusCode()).as("a repeat of acknowledged %s", identifier).isEqualTo(200);
            repeatedAfterRestart.add(identifier);
        }
    }

    /** What completes when the next risk answer from now on is acknowledged, so a crash can follow at once. */
    CompletableFuture<String> nextRiskAcknowledged() {
        nextRisk = new CompletableFuture<>();
        return nextRisk;
    }

    private Writes.Answer send(Web web, String identifier) throws IOException, InterruptedException {
        HttpResponse<String> response = web.fhir(token, "/fhir/r4/QuestionnaireResponse", bodies.get(identifier));
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            acknowledged.put(identifier, riskOf.get(identifier));
            inDoubt.remove(identifier);
            if (riskOf.get(identifier)) {
                nextRisk.complete(identifier);
            }
            return Writes.Answer.ACKNOWLEDGED;
        }
        if (status == 409) {
            return Writes.Answer.FAILED; // answered by a submission at the same moment: nothing stored, try again
        }
        return status >= 500 ? Writes.Answer.ofFailure(status) : Writes.Answer.REFUSED;
    }

    private static String body(UUID patient, String identifier, boolean risk) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire("https://fhir.outgrow.org/Questionnaire/phq-9");
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/" + patient));
        response.getIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier);
        for (int item = 1; item <= 9; item++) {
            int value = item == 9 ? (risk ? 1 : 0) : item % 4;
            response.addItem().setLinkId("phq9_" + item).addAnswer()
                    .setValue(new Coding("https://fhir.outgrow.org/CodeSystem/answer-value", Integer.toString(value), null));
        }
        return JSON.encodeResourceToString(response);
    }
}
