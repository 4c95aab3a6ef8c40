package org.outgrow.testing;

import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import org.outgrow.clients.Clients;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.practice.ExpectationsStatements;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Object mother: a practice with one person in each role, two clients, one of them in the
 * portal, and version 1 of an expectations statement that nobody has acknowledged yet. Staff are exempt from the second factor unless a test asks otherwise.
 */

public class TestPractice {

    public static final String PASSWORD = "correct horse battery staple";
    public static final String EXPECTATIONS = "Therapy here is joint work.\nIt is not crisis care.";

    public record People(PracticeId practice, String slug, UUID admin, String adminEmail, UUID therapist,
                         String therapistEmail, UUID otherTherapist, String otherTherapistEmail, UUID supervisor,
                         String supervisorEmail, UUID client, UUID clientAccount, String clientEmail,
                         UUID otherClient) {
    }

    private final Practices practices;
    private final Accounts accounts;
    private final Clients clients;
    private final ExpectationsStatements expectations;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;

    TestPractice(Practices practices, Accounts accounts, Clients clients, ExpectationsStatements expectations,
                 PasswordEncoder passwords, TransactionTemplate transactions) {
        this.practices = practices;
        this.accounts = accounts;
        this.clients = clients;
        this.expectations = expectations;
        this.passwords = passwords;
        this.transactions = transactions;
    }

    public People create() {
        PracticeId id = new PracticeId(Ids.next());
        String slug = "p" + id.value().toString().substring(24);
        String hash = passwords.encode(PASSWORD);
        return Tenancy.call(Tenancy.Context.of(id), () -> transactions.execute(status -> {
            practices.create(new Practice(id, slug, "Practice " + slug, ZoneId.of("Europe/Berlin"),
                    "Call 112 in an emergency.", false));
            String admin = "admin@" + slug + ".test";
            String therapist = "therapist@" + slug + ".test";
            String other = "other.therapist@" + slug + ".test";
            String supervisor = "supervisor@" + slug + ".test";
            String client = "client@" + slug + ".test";
            UUID adminId = accounts.create(admin, "Ada Admin", Set.of(Role.ADMIN), true, hash);
            UUID therapistId = accounts.create(therapist, "Theo Therapist", Set.of(Role.THERAPIST), true, hash);
            UUID otherId = accounts.create(other, "Olga Other", Set.of(Role.THERAPIST), true, hash);
            UUID supervisorId = accounts.create(supervisor, "Sue Supervisor", Set.of(Role.SUPERVISOR), true, hash);
            UUID clientAccount = accounts.create(client, "Cleo Client", Set.of(Role.CLIENT), false, hash);
            UUID clientId = clients.register("Cleo Client", client, therapistId);
            clients.linkAccount(clientId, clientAccount);
            UUID otherClient = clients.register("Otto Other", null, otherId);
            expectations.publish(EXPECTATIONS, adminId);
            return new People(id, slug, adminId, admin, therapistId, therapist, otherId, other, supervisorId,
                    supervisor, clientId, clientAccount, client, otherClient);
        }));
    }

    /** Runs database work as the practice would see it: its tenancy, one transaction. */
    public <T> T inPractice(People people, java.util.function.Supplier<T> work) {
        return Tenancy.call(Tenancy.Context.of(people.practice()), () -> transactions.execute(status -> work.get()));
    }

    /** A second supervisor in the practice, to whom nothing has been brought; returns the e-mail address. */
    public String anotherSupervisor(People people) {
        String email = "second.supervisor@" + people.slug() + ".test";
        inPractice(people, () -> accounts.create(email, "Sid Second", Set.of(Role.SUPERVISOR), true,
                passwords.encode(PASSWORD)));
        return email;
    }

    /** A staff account that must present a second factor. */
    public UUID staffWithSecondFactor(PracticeId practice, String email, Role role) {
        return Tenancy.call(Tenancy.Context.of(practice), () -> transactions.execute(status ->
                accounts.create(email, "Mia Multifactor", Set.of(role), false, passwords.encode(PASSWORD))));
    }
}
