package org.outgrow.clients;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.practice.DemoPracticeCreated;
import org.outgrow.practice.ExpectationsStatements;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo practice's clients: a dozen, shared between its two therapists, three with portal access.
 * Two of those have read the expectations statement and agreed to measurement; the third has not
 * yet, so the demo shows both states.
 */
@Component
class DemoClients {

    private static final List<String> NAMES = List.of("Robin Hale", "Priya Natarajan", "Tomasz Kowalski",
            "Amara Obi", "Lena Fischer", "Daniel Ortiz", "Hannah Brooks", "Yusuf Demir", "Claire Dubois",
            "Mateo Silva", "Freya Lund", "Kwame Mensah");
    private static final Set<String> WITH_PORTAL = Set.of("Robin Hale", "Amara Obi", "Lena Fischer");
    private static final Set<String> INTAKE_DONE = Set.of("Robin Hale", "Amara Obi");

    private final Clients clients;
    private final Accounts accounts;
    private final Intake intake;
    private final ExpectationsStatements statements;

    DemoClients(Clients clients, Accounts accounts, Intake intake, ExpectationsStatements statements) {
        this.clients = clients;
        this.accounts = accounts;
        this.intake = intake;
        this.statements = statements;
    }

    @EventListener
    @Order(1) // before the modules that build on the demo clients
    void on(DemoPracticeCreated demo) {
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            UUID therapist = demo.therapists().get(i % demo.therapists().size());
            String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@outgrow-demo.test";
            UUID client = clients.register(name, email, therapist);
            if (WITH_PORTAL.contains(name)) {
                clients.linkAccount(client, accounts.create(email, name, Set.of(Role.CLIENT), false,
                        demo.passwordHash()));
            }
            if (INTAKE_DONE.contains(name)) {
                statements.current().ifPresent(statement -> intake.acknowledge(client, statement));
                intake.decideMeasurement(client, true);
            }
        }
    }
}
