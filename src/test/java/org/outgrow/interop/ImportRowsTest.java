package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Optional;

import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.outgrow.measurement.Instrument;

/**
 * The file's ids become the import's keys, which hold 200 characters: a line whose id would not
 * fit is refused by line, saying how long it may be, instead of stopping the whole import.
 */
class ImportRowsTest {

    private static final Instrument PHQ9 = ShippedQuestionnaires.LIBRARY.find("phq-9").orElseThrow();

    @Test
    void aCsvClientLongerThanAKeyHoldsIsRefusedByLine() {
        String fits = "c".repeat(ImportRows.MAX_CSV_CLIENT);
        assertThat(ImportRows.csv(2, fits + ",2025-01-06,1,1,1,1,1,1,1,1,0", PHQ9, ZoneId.of("Europe/Berlin")))
                .isInstanceOf(ImportRows.ResponseRow.class);
        assertThat(ImportRows.csv(2, fits + "c,2025-01-06,1,1,1,1,1,1,1,1,0", PHQ9, ZoneId.of("Europe/Berlin")))
                .isEqualTo(new ImportRows.Problem(2, "the client column must name the client (1 to 180 characters)"));
    }

    @Test
    void aPatientOrEpisodeIdLongerThanFhirAllowsIsRefusedByLine() {
        String tooLong = "p".repeat(ImportRows.MAX_ID + 1);
        Patient patient = new Patient();
        patient.setId(tooLong);
        patient.addName().setText("Long Id");
        assertThat(ImportRows.ndjson(1, Fhir.json().encodeResourceToString(patient), url -> Optional.empty()))
                .isEqualTo(new ImportRows.Problem(1, "the Patient id is longer than FHIR allows (64 characters)"));

        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setId("course");
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.setPatient(new Reference("Patient/" + tooLong));
        episode.setPeriod(new Period().setStart(new java.util.Date(0)));
        assertThat(ImportRows.ndjson(2, Fhir.json().encodeResourceToString(episode), url -> Optional.empty()))
                .isEqualTo(new ImportRows.Problem(2, "EpisodeOfCare.patient must reference the patient as"
                        + " 'Patient/<id>', with an id of up to 64 characters"));
        episode.setPatient(new Reference("Patient/ida"));
        episode.setId("e".repeat(ImportRows.MAX_ID + 1));
        assertThat(ImportRows.ndjson(2, Fhir.json().encodeResourceToString(episode), url -> Optional.empty()))
                .isEqualTo(new ImportRows.Problem(2, "the EpisodeOfCare id is longer than FHIR allows (64 characters)"));
    }
}
