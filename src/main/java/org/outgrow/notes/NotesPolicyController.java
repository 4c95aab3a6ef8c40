package org.outgrow.notes;

import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The practice decides whether clients read their signed progress notes in the portal. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class NotesPolicyController {

    private final NoteWork work;

    NotesPolicyController(NoteWork work) {
        this.work = work;
    }

    @GetMapping("/admin/notes-policy")
    String show(Model model) {
        model.addAttribute("visible", work.clientVisible());
        return "notes/policy";
    }

    @PostMapping("/admin/notes-policy")
    String save(@RequestParam(defaultValue = "false") boolean visible, @AuthenticationPrincipal OutgrowUser user,
                RedirectAttributes redirect) {
        work.setClientVisible(visible, user);
        redirect.addFlashAttribute("notice", "notes.policy.saved");
        return "redirect:/admin/notes-policy";
    }
}
