package org.outgrow.practice;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.outgrow.identity.Invitations;
import org.outgrow.identity.Role;
import org.outgrow.shared.Commands;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.stereotype.Component;

/**
 * {@code create-admin}: the first administrator of a practice (creating the practice if it is
 * new). Prints a single-use link where the administrator sets their password; no password ever
 * appears on a command line.
 */
@Component
class CreateAdminCommand implements Commands.OperatorCommand {

    private final Practices practices;
    private final Invitations invitations;
    private final TenantTransactions tenantTransactions;

    CreateAdminCommand(Practices practices, Invitations invitations, TenantTransactions tenantTransactions) {
        this.practices = practices;
        this.invitations = invitations;
        this.tenantTransactions = tenantTransactions;
    }

    @Override
    public String name() {
        return "create-admin";
    }

    @Override
    public int run(List<String> args) {
        Map<String, String> options = Commands.OperatorCommand.options(args);
        for (String required : List.of("practice", "email", "name")) {
            if (!options.containsKey(required)) {
                System.err.println("""
                        Usage: create-admin --practice <slug> --email <address> --name "<full name>"
                                            [--practice-name "<name>"] [--time-zone Europe/Berlin]
                        Missing: --""" + required);
                return 2;
            }
        }
        String slug = options.get("practice");
        if (!slug.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            System.err.println("--practice must be 2-63 lower-case letters, digits or dashes, e.g. 'riverside'.");
            return 2;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(options.getOrDefault("time-zone", "Europe/London"));
        } catch (DateTimeException e) {
            System.err.println("--time-zone is not a time zone; use a name such as Europe/Berlin.");
            return 2;
        }
        PracticeId practice = practices.findBySlug(slug).orElseGet(() -> {
            PracticeId id = new PracticeId(Ids.next());
            practices.create(new Practice(id, slug, options.getOrDefault("practice-name", slug), zone, "", false));
            System.out.println("Created practice '" + slug + "'.");
            return id;
        });
        try {
            Invitations.Invitation invitation = tenantTransactions.call(Tenancy.Context.of(practice),
                    () -> invitations.invite(options.get("email"), options.get("name"),
                            Set.of(Role.ADMIN), practices.find(practice).orElseThrow().name()));
            System.out.println("Administrator invited. Open this link within 7 days to set a password"
                    + " (it works once):");
            System.out.println(invitation.link());
            return 0;
        } catch (org.outgrow.identity.Accounts.EmailInUse e) {
            System.err.println("That e-mail address already has an account.");
            return 1;
        }
    }
}
