package org.outgrow.interop;

import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;

/** What the FHIR interface offers, as the CapabilityStatement FHIR clients read first. */
final class FhirCapabilities {

    private record Offered(String type, List<String> searchParameters, boolean create) {
    }

    private static final List<Offered> OFFERED = List.of(
            new Offered("Patient", List.of("_id"), false),
            new Offered("EpisodeOfCare", List.of("_id", "patient"), false),
            new Offered("Questionnaire", List.of("_id", "url"), false),
            new Offered("QuestionnaireResponse", List.of("_id", "patient", "subject", "questionnaire"), true),
            new Offered("Observation", List.of("_id", "patient", "subject", "code"), false),
            new Offered("Goal", List.of("_id", "patient", "subject"), false));

    private FhirCapabilities() {
    }

    static CapabilityStatement statement(String base, Date now) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(now);
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.setPublisher("Outgrow");
        statement.getSoftware().setName("Outgrow");
        statement.getImplementation().setDescription("Outgrow FHIR R4 interface").setUrl(base);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false)
                .addService(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "OAuth", "OAuth")).setText("Bearer API token"))
                .setDescription("Send a token a therapist created in Outgrow (My account, API tokens) as "
                        + "'Authorization: Bearer og_…'. A token sees only that therapist's clients; scope READ "
                        + "reads and searches, scope SUBMIT_RESPONSES creates QuestionnaireResponses.");
        for (Offered offered : OFFERED) {
            CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
                    .setType(offered.type());
            resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
            resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
            if (offered.create()) {
                resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
            }
            for (String parameter : offered.searchParameters()) {
                resource.addSearchParam().setName(parameter).setType(switch (parameter) {
                    case "_id" -> Enumerations.SearchParamType.TOKEN;
                    case "patient", "subject", "questionnaire" -> Enumerations.SearchParamType.REFERENCE;
                    case "url" -> Enumerations.SearchParamType.URI;
                    default -> Enumerations.SearchParamType.TOKEN;
                });
            }
        }
        return statement;
    }
}
