package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.outgrow.practice.Practices;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** The demo practice's outcome figures, as its administrator, as CSV and on its public profile. */
@OutgrowTest
@ActiveProfiles("demo")
class OutcomesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    Practices allPractices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theAdministratorSeesFiguresWithIntervalsAndTheProfileShowsThemToAnyone() throws Exception {
        Visitor admin = Visitor.signedIn(mvc, "admin@outgrow-demo.test", "outgrow demo 2026");
        String page = admin.perform(get("/admin/outcomes")).getResponse().getContentAsString();
        assertThat(page).contains("The whole practice: 27 ended episodes").contains("Reliable improvement")
                .contains("95% interval").doesNotContain("Robin Hale").doesNotContain("Daniel Ortiz");
        assertThat(page).as("each therapist in one row, not a table each").contains("By therapist")
                .doesNotContain("therapist-figures");
        assertThat(page.split("<caption").length - 1).as("the practice's table and the therapists' one").isEqualTo(2);
        Matcher link = Pattern.compile("href=\"(/admin/outcomes\\?from=[^\"]*&amp;therapist=[0-9a-f-]{36})\">([^<]+)</a>")
                .matcher(page);
        assertThat(link.find()).as("a therapist's name links to all their figures").isTrue();
        String chosen = admin.perform(get(link.group(1).replace("&amp;", "&"))).getResponse().getContentAsString();
        assertThat(chosen).contains("id=\"therapist-figures\"").contains(link.group(2) + ": ")
                .contains("The whole practice: 27 ended episodes").contains("Back to all therapists");
        String nobody = admin.perform(get("/admin/outcomes").param("therapist", UUID.randomUUID().toString()))
                .getResponse().getContentAsString();
        assertThat(nobody).contains("This therapist has no ended episodes in this period.")
                .doesNotContain("therapist-figures");

        String csv = admin.perform(get("/admin/outcomes.csv")).getResponse().getContentAsString();
        assertThat(csv.lines().findFirst()).hasValue("group,figure,count,n,share,low95,high95,suppressed");
        assertThat(csv).contains("practice,reliable_improvement,").contains("practice,mean_sessions,");
        String allTime = admin.perform(get("/admin/outcomes.csv").param("from", "2000-01-01").param("to", "2100-01-01"))
                .getResponse().getContentAsString();
        String[] sessions = allTime.lines().filter(line -> line.startsWith("practice,mean_sessions,")).findFirst()
                .orElseThrow().split(",");
        PracticeId demo = allPractices.findBySlug("demo").orElseThrow();
        double counted = Tenancy.call(Tenancy.Context.of(demo), () -> transactions.execute(status -> jdbc.sql("""
                select avg((select count(*) from appointment a where a.episode_id = e.id and a.attendance = 'ATTENDED'))
                from episode e where e.state in ('ENDED', 'FOLLOW_UP')""").query(Double.class).single()));
        assertThat(Double.parseDouble(sessions[4])).as("mean attended sessions, as counted from the appointments")
                .isCloseTo(counted, within(0.0001)).isGreaterThan(1);

        String research = admin.perform(get("/admin/research.csv")).getResponse().getContentAsString();
        assertThat(research.lines().findFirst()).hasValue(
                "episode,therapist,instrument,day,session,completeness,total,band,caseness,episode_state,ending");
        assertThat(research.lines().count()).as("every scored answer of the demo").isGreaterThan(200);
        assertThat(research).contains("E1,T").doesNotContain("Robin").doesNotContain("outgrow-demo.test")
                .doesNotContain("2026-");

        String profile = new Visitor(mvc).perform(get("/p/demo")).getResponse().getContentAsString();
        assertThat(profile).contains("Riverside Psychotherapy").contains("From 27 ended episodes")
                .contains("What they do not mean").doesNotContain("Robin Hale");

        var other = practices.create();
        assertThat(new Visitor(mvc).perform(get("/p/" + other.slug())).getResponse().getStatus())
                .as("not published").isEqualTo(404);
    }
}
