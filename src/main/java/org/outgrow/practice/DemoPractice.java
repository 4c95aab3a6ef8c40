package org.outgrow.practice;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the demo practice (slug {@code demo}) on an empty database when the demo profile is
 * active, and prints its sign-ins at every start. Never active in production: only the
 * {@code demo} profile sets {@code outgrow.demo.enabled}.
 */
@Component
@ConditionalOnProperty(name = "outgrow.demo.enabled", havingValue = "true")
class DemoPractice implements ApplicationRunner {

    static final PracticeId ID = PracticeId.of("7a1e0000-0000-7000-8000-00000000de70");
    static final String PASSWORD = "outgrow demo 2026";

    record DemoLogin(String email, String name, Set<Role> roles) {
    }

    static final List<DemoLogin> STAFF = List.of(
            new DemoLogin("admin@outgrow-demo.test", "Morgan Reyes", Set.of(Role.ADMIN)),
            new DemoLogin("sam.okafor@outgrow-demo.test", "Sam Okafor", Set.of(Role.THERAPIST)),
            new DemoLogin("jana.weber@outgrow-demo.test", "Jana Weber", Set.of(Role.THERAPIST)),
            new DemoLogin("ruth.lindqvist@outgrow-demo.test", "Ruth Lindqvist", Set.of(Role.SUPERVISOR)));

    /** Version 1 of the demo practice's expectations statement: plain, and honest about limits. */
    static final String EXPECTATIONS = """
            What therapy here is
            Therapy here is joint work between two adults. Your therapist brings training and attention; you bring \
            your experience and the changes you want. Change happens mostly through what you try out in your \
            own life, so the work does not stop at the end of a session.

            What you will be asked to do
            - Put into your own words what you want to change. These become the goals of the therapy, and you \
            rate them from time to time.
            - Fill in short questionnaires, usually before a session. They take a few minutes and show both of \
            us whether things are changing. You can decline this and still have therapy.
            - Rate each session briefly, including what did not work for you.
            - Try things between sessions that you agree on together, and note how they went.
            - Say so when something in the therapy is not working.

            How long it lasts
            We agree on a number of sessions and review points at the start. At each review we look at what has \
            changed and decide together whether to continue, change course or end. Therapy ends when you no \
            longer need it; we plan that ending with you.

            What therapy here is not
            - It is not crisis care. We cannot answer outside agreed times. If you are in danger, use the crisis \
            contacts shown in your portal.
            - It is not a friendship. The relationship is there for the work and has limits: no contact outside \
            sessions except to arrange them.
            - It comes with no guarantee. Many people improve, some do not, and a few feel worse for \
            a while. We measure this so that we notice and can change course or refer you elsewhere.""";

    private static final Logger log = LoggerFactory.getLogger(DemoPractice.class);

    private final Practices practices;
    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final ExpectationsStatements expectations;
    private final ApplicationEventPublisher events;
    private final TenantTransactions tenantTransactions;

    DemoPractice(Practices practices, Accounts accounts, ExpectationsStatements expectations,
                 PasswordEncoder passwords, ApplicationEventPublisher events, TenantTransactions tenantTransactions) {
        this.practices = practices;
        this.accounts = accounts;
        this.expectations = expectations;
        this.passwords = passwords;
        this.events = events;
        this.tenantTransactions = tenantTransactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        tenantTransactions.run(Tenancy.Context.of(ID), () -> {
            if (practices.find(ID).isEmpty()) {
                create();
            }
        });
        log.info("""

                ==========================================================================
                 DEMO practice 'demo' (not for real clients). Every demo login uses the
                 password: {}
                   admin       admin@outgrow-demo.test
                   therapists  sam.okafor@outgrow-demo.test, jana.weber@outgrow-demo.test
                   supervisor  ruth.lindqvist@outgrow-demo.test
                   client      robin.hale@outgrow-demo.test (or ask for a sign-in link)
                 Mail is not sent: admins read it under Admin > Outbox.
                ==========================================================================""", PASSWORD);
    }

    private void create() {
        practices.create(new Practice(ID, "demo", "Riverside Psychotherapy (demo)", ZoneId.of("Europe/London"),
                "If you are in danger now, call 999 (UK) or 112 (EU). Samaritans: 116 123, any time, free.",
                true));
        String hash = passwords.encode(PASSWORD);
        List<UUID> ids = STAFF.stream().map(login -> accounts.create(login.email(), login.name(), login.roles(),
                true, hash)).toList();
        expectations.publish(EXPECTATIONS, ids.get(0));
        events.publishEvent(new DemoPracticeCreated(ID, ids.get(0), List.of(ids.get(1), ids.get(2)), ids.get(3), hash));
        log.info("Created the demo practice");
    }
}
