package org.outgrow.notes;

import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The client's signed progress notes, when the practice lets clients read them. */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalNotesController {

    private final NoteWork work;

    PortalNotesController(NoteWork work) {
        this.work = work;
    }

    @GetMapping("/portal/notes")
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("visible", work.clientVisible());
        model.addAttribute("notes", work.forClient(user));
        model.addAttribute("zone", work.zone());
        return "notes/portal";
    }
}
