package org.outgrow.measurement;

import java.util.List;
import java.util.Set;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The instrument library for the practice administrator: what ships, and adding the practice's own. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class InstrumentController {

    private final InstrumentLibrary library;
    private final PracticeInstruments own;

    InstrumentController(InstrumentLibrary library, PracticeInstruments own) {
        this.library = library;
        this.own = own;
    }

    @Bean
    static Navigation instrumentsNavigation() {
        return new Navigation("/admin/instruments", "nav.instruments", Set.of("ADMIN"), 53);
    }

    @GetMapping("/admin/instruments")
    String list(Model model) {
        model.addAttribute("shipped", library.all());
        model.addAttribute("own", own.all());
        if (!model.containsAttribute("definition")) {
            model.addAttribute("definition", "");
        }
        return "measurement/instruments";
    }

    @PostMapping("/admin/instruments")
    String add(@RequestParam(defaultValue = "") String definition, @AuthenticationPrincipal OutgrowUser user,
               Model model, RedirectAttributes redirect) {
        List<String> problems = definition.isBlank() ? List.of("definition: paste the instrument's JSON definition")
                : own.add(definition, user.accountId());
        if (!problems.isEmpty()) {
            model.addAttribute("definition", definition);
            model.addAttribute("problems", problems);
            return list(model);
        }
        redirect.addFlashAttribute("notice", "instruments.added");
        return "redirect:/admin/instruments";
    }
}
