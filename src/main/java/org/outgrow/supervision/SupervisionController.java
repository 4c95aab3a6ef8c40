package org.outgrow.supervision;

import java.util.Set;

import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The supervisor's home: the cases supervisees have brought. A supervisor sees nothing else, so
 * until a therapist brings a case this page is rightly empty.
 */
@Controller
@PreAuthorize("hasRole('SUPERVISOR')")
class SupervisionController {

    @Bean
    static Navigation supervisionNavigation() {
        return new Navigation("/supervision", "nav.supervision", Set.of("SUPERVISOR"), 20);
    }

    @GetMapping("/supervision")
    String queue() {
        return "supervision/queue";
    }
}
