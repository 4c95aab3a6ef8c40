package org.outgrow.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The administrator publishes versions of the expectations statement; earlier versions stay. */
@OutgrowTest
class ExpectationsStatementTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    ExpectationsStatements statements;

    @Autowired
    TestClock clock;

    @Test
    void savingAChangedTextPublishesTheNextVersionWithAuthorAndTimeAndKeepsTheFirst() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/admin/expectations")).getResponse().getContentAsString())
                .contains("Therapy here is joint work.", "Version 1");

        clock.advance(Duration.ofMinutes(7));
        MvcResult saved = admin.perform(post("/admin/expectations")
                .param("text", "Therapy here is joint work.\r\nIt is not crisis care.\r\nIt ends when you no longer need it.")
                .with(csrf()));
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/admin/expectations");
        assertThat(saved.getFlashMap().get("notice")).isEqualTo("expectations.published");

        List<ExpectationsStatement> history = Tenancy.call(Tenancy.Context.of(people.practice()), statements::history);
        assertThat(history).extracting(ExpectationsStatement::number).containsExactly(2, 1);
        ExpectationsStatement second = history.get(0);
        assertThat(second.text()).isEqualTo("Therapy here is joint work.\nIt is not crisis care.\n"
                + "It ends when you no longer need it.");
        assertThat(second.authorId()).isEqualTo(people.admin());
        assertThat(second.publishedAt()).isEqualTo(clock.instant());
        assertThat(history.get(1).text()).isEqualTo(TestPractice.EXPECTATIONS);

        String page = admin.perform(get("/admin/expectations")).getResponse().getContentAsString();
        String published = clock.instant().atZone(ZoneId.of("Europe/Berlin"))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        assertThat(page).contains("Version 2", "Version 1", "Published " + published + " by Ada Admin",
                "It ends when you no longer need it.");
    }

    @Test
    void savingTheSameTextPublishesNothing() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        MvcResult same = admin.perform(post("/admin/expectations")
                .param("text", "  " + TestPractice.EXPECTATIONS.replace("\n", "\r\n") + "\r\n").with(csrf()));
        assertThat(same.getFlashMap().get("notice")).isEqualTo("expectations.unchanged");
        assertThat(Tenancy.call(Tenancy.Context.of(people.practice()), statements::history)).hasSize(1);
    }

    @Test
    void anEmptyTextIsRefusedNextToTheField() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        MvcResult empty = admin.perform(post("/admin/expectations").param("text", "   ").with(csrf()));
        assertThat(empty.getResponse().getStatus()).isEqualTo(200);
        assertThat(empty.getResponse().getContentAsString()).contains("id=\"text-error\"", "Please fill this in.");
        assertThat(Tenancy.call(Tenancy.Context.of(people.practice()), statements::history)).hasSize(1);
    }

    @Test
    void onlyAnAdministratorCanPublish() throws Exception {
        var people = practices.create();
        for (String email : List.of(people.therapistEmail(), people.supervisorEmail(), people.clientEmail())) {
            Visitor visitor = Visitor.signedIn(mvc, email, TestPractice.PASSWORD);
            MvcResult refused = visitor.perform(post("/admin/expectations").param("text", "My own version")
                    .with(csrf()));
            assertThat(refused.getResponse().getStatus()).as(email).isEqualTo(403);
        }
        assertThat(Tenancy.call(Tenancy.Context.of(people.practice()), statements::history)).hasSize(1);
    }
}
