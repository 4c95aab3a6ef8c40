package org.outgrow.clients;

import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Reauthentication;
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

/**
 * The administrator carries out a client's request to be erased, confirming who they are, and sets
 * how long the practice must keep a record after such a request.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class ErasureController {

    private final Erasures erasures;
    private final Reauthentication reauthentication;

    ErasureController(Erasures erasures, Reauthentication reauthentication) {
        this.erasures = erasures;
        this.reauthentication = reauthentication;
    }

    @Bean
    static Navigation erasureNavigation() {
        return new Navigation("/admin/erasure", "nav.erasure", Set.of("ADMIN"), 56);
    }

    @GetMapping("/admin/erasure")
    String show(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("clients", erasures.erasable());
        model.addAttribute("retained", erasures.retained());
        model.addAttribute("years", erasures.retentionYears());
        model.addAttribute("zone", erasures.zone());
        model.addAttribute("usesCode", reauthentication.usesCode(user));
        if (!model.containsAttribute("chosen")) {
            model.addAttribute("chosen", "");
        }
        return "clients/erasure";
    }

    @PostMapping("/admin/erasure")
    String erase(@RequestParam(required = false) @Nullable UUID client, @RequestParam(defaultValue = "") String answer,
                 @AuthenticationPrincipal OutgrowUser user, HttpSession session, RedirectAttributes redirect) {
        redirect.addFlashAttribute("chosen", client == null ? "" : client.toString());
        if (client == null) {
            redirect.addFlashAttribute("problem", "erasure.rule.client");
            return "redirect:/admin/erasure";
        }
        if (!reauthentication.confirm(user, answer, session)) {
            redirect.addFlashAttribute("problem", "erasure.confirmWrong");
            return "redirect:/admin/erasure";
        }
        try {
            erasures.request(client);
            redirect.addFlashAttribute("notice", "erasure.done");
            redirect.addFlashAttribute("chosen", "");
        } catch (ErasureRefused refused) {
            redirect.addFlashAttribute("problem", refused.messageKey());
        }
        return "redirect:/admin/erasure";
    }

    @PostMapping("/admin/erasure/retention")
    String retention(@RequestParam(required = false) @Nullable Integer years, RedirectAttributes redirect) {
        try {
            erasures.setRetentionYears(years == null ? 0 : years);
            redirect.addFlashAttribute("notice", "erasure.retentionSaved");
        } catch (ErasureRefused refused) {
            redirect.addFlashAttribute("problem", refused.messageKey());
        }
        return "redirect:/admin/erasure";
    }
}
