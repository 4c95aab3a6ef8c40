package org.outgrow.reporting;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.outgrow.practice.ExpectationsStatements;
import org.outgrow.practice.Practices;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * A practice's honest public profile, for people deciding whether to come: what therapy here is
 * and what clients are asked to do, how long it typically takes, and its outcome figures computed
 * live from its own ended episodes, shown only from {@value #MINIMUM_ENDED} endings on. Only for
 * practices that publish it; others answer "not found".
 */
@Controller
@PreAuthorize("permitAll()")
class PublicProfileController {

    /** Fewer endings than this make figures that swing with every client: none are shown. */
    static final int MINIMUM_ENDED = 20;

    private final Practices practices;
    private final PublicProfiles profiles;
    private final PracticeOutcomes outcomes;
    private final ExpectationsStatements statements;
    private final TenantTransactions transactions;
    private final Clock clock;

    PublicProfileController(Practices practices, PublicProfiles profiles, PracticeOutcomes outcomes,
                            ExpectationsStatements statements, TenantTransactions transactions, Clock clock) {
        this.practices = practices;
        this.profiles = profiles;
        this.outcomes = outcomes;
        this.statements = statements;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping("/p/{slug}")
    String show(@PathVariable String slug, Model model) {
        PracticeId practice = slug.matches("[a-z0-9-]{1,64}") ? practices.findBySlug(slug).orElse(null) : null;
        if (practice == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return transactions.call(Tenancy.Context.of(practice), () -> {
            if (!profiles.published()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            List<OutcomeFigures.Ended> ended = outcomes.ended(Instant.EPOCH, clock.instant());
            model.addAttribute("practice", practices.find(practice).orElseThrow());
            model.addAttribute("statement", statements.current().map(found -> found.text()).orElse(null));
            model.addAttribute("enough", ended.size() >= MINIMUM_ENDED);
            model.addAttribute("minimum", MINIMUM_ENDED);
            model.addAttribute("figures", OutcomeFigures.of(ended));
            model.addAttribute("typicalSessions", median(ended.stream().map(OutcomeFigures.Ended::attended).toList()));
            return "reporting/profile";
        });
    }

    private static int median(List<Integer> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
