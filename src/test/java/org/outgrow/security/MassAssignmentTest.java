package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.outgrow.security.AccessTableTest.Row;
import org.outgrow.security.AccessTableTest.Who;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Checklist T18, generated from the access table: every form, posted by someone it serves with
 * its own fields and, besides them, fields it does not declare (a practice, therapist, client,
 * author, owner or account id, roles, a signature time, a risk flag), stores none of the extra
 * values anywhere in the database, changes nobody's roles, and never fails with a server error.
 */
@OutgrowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MassAssignmentTest {

    /** Names a form might hope to bind; none is a field of any form. */
    private static final List<String> ID_FIELDS = List.of("practiceId", "practice_id", "therapistId", "clientId",
            "authorId", "author", "ownerId", "owner", "accountId", "account", "createdBy", "signedBy", "enteredBy",
            "supervisorId", "grantedTo", "id", "practice.id", "client.id", "therapist.id");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    DatabaseServer server;

    private EveryVisitor everyone;

    @BeforeAll
    void signInEveryone() throws Exception {
        everyone = EveryVisitor.signedIn(mvc, practices);
    }

    @TestFactory
    List<DynamicTest> noFormStoresAFieldItDoesNotDeclare() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : AccessTableTest.table()) {
            if (!row.method().equals("POST") || row.path().startsWith("/fhir/") || row.path().startsWith("/login")) {
                continue;
            }
            Who who = servedBy(row);
            tests.add(DynamicTest.dynamicTest(row.key() + " as " + who, () -> {
                String forged = UUID.randomUUID().toString();
                String rolesBefore = roles();
                MockHttpServletRequestBuilder request = AccessTableTest.request(row, everyone.path(row), everyone.episode());
                ID_FIELDS.forEach(field -> request.param(field, forged));
                request.param("role", "ADMIN").param("roles", "ADMIN").param("signedAt", "2000-01-01T00:00:00Z")
                        .param("risk", "POSITIVE").param("riskFlag", "true").param("demo", "true");
                int status = everyone.visitor(who).perform(request).getResponse().getStatus();
                assertThat(status).as("answer").isLessThan(500);
                assertThat(tablesHolding(forged)).as("tables holding a posted id no form declares").isEmpty();
                assertThat(roles()).as("everyone's roles").isEqualTo(rolesBefore);
            }));
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests;
    }

    @org.junit.jupiter.api.Test
    void theScanFindsAValueAFormDoesStore() throws Exception {
        String text = UUID.randomUUID().toString();
        everyone.visitor(Who.ADMIN).perform(post("/admin/expectations").param("text", "What to expect, " + text)
                .with(csrf()));
        assertThat(tablesHolding(text)).contains("expectations_version");
    }

    private static Who servedBy(Row row) {
        for (Who who : List.of(Who.THERAPIST, Who.CLIENT, Who.ADMIN, Who.SUPERVISOR, Who.ANONYMOUS)) {
            if (row.expected().get(who).equals("ok")) {
                return who;
            }
        }
        return Who.THERAPIST;
    }


    /** Every table of every practice (as the superuser), by name, whose rows contain the text. */
    private List<String> tablesHolding(String text) throws SQLException {
        List<String> holding = new ArrayList<>();
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = 'public'"
                    + " and tablename not like 'spring_session%'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet found = statement.executeQuery("select 1 from \"" + table + "\" t where t::text like '%"
                        + text + "%' limit 1")) {
                    if (found.next()) {
                        holding.add(table);
                    }
                }
            }
        }
        return holding;
    }

    /** The roles of the practice's people (an administrator adding staff chooses the new one's roles). */
    private String roles() throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select string_agg(id || ':' || roles::text, ',' order by id)"
                     + " from account where id in ('" + everyone.people().admin() + "', '" + everyone.people().therapist() + "', '"
                     + everyone.people().otherTherapist() + "', '" + everyone.people().supervisor() + "', '" + everyone.people().clientAccount()
                     + "')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private Connection superuser() throws SQLException {
        return TestDatabase.superuser(server.jdbcUrl());
    }
}
