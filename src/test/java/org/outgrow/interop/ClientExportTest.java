package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** A client downloads a copy of their own records once, as valid FHIR, without process notes. */
@OutgrowTest
class ClientExportTest {

    private static final Pattern LINK = Pattern.compile("href=\"(/portal/export/[\\w-]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theClientFetchesTheirRecordsOnceThroughALinkThatOnlyTheyCanUse() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(post(episode + "/foci").param("wording", "Sleep through the night").with(csrf()));
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);

        String link = link(client);
        Visitor someoneElse = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(someoneElse.perform(get(link)).getResponse().getStatus()).isEqualTo(403);

        MockHttpServletResponse download = client.perform(get(link)).getResponse();
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getHeader("Content-Disposition")).contains("attachment")
                .contains("outgrow-records.fhir.json").doesNotContain("Cleo");
        assertThat(download.getHeader("Cache-Control")).contains("no-store");
        String json = download.getContentAsString();
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
                .contains("Patient", "EpisodeOfCare", "Goal");
        assertThat(json).contains("Cleo Client").contains("Sleep through the night");
        assertThat(FhirValidation.errors(json)).isEmpty();

        assertThat(client.perform(get(link)).getResponse().getRedirectedUrl()).isEqualTo("/portal/export?spent");

        String late = link(client);
        clock.advance(ClientExports.VALID_FOR.plus(Duration.ofSeconds(1)));
        assertThat(client.perform(get(late)).getResponse().getRedirectedUrl()).isEqualTo("/portal/export?spent");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('CLIENT_EXPORT_ASKED', 'CLIENT_EXPORT_DOWNLOADED')").query(Integer.class).single())).isEqualTo(3);
    }

    private static String link(Visitor client) throws Exception {
        String page = client.perform(post("/portal/export").with(csrf())).getResponse().getContentAsString();
        Matcher link = LINK.matcher(page);
        assertThat(link.find()).isTrue();
        return link.group(1);
    }
}
