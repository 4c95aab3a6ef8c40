package org.outgrow.identity;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Accepting an invitation: the invited person chooses their password. */
@Controller
@PreAuthorize("permitAll()")
class InvitationController {

    private final Invitations invitations;

    InvitationController(Invitations invitations) {
        this.invitations = invitations;
    }

    @GetMapping("/invitations/{token}")
    String form(@PathVariable String token, Model model) {
        return invitations.pending(token).map(pending -> {
            model.addAttribute("token", token);
            model.addAttribute("pending", pending);
            return "identity/invitation";
        }).orElse("identity/invitation-invalid");
    }

    @PostMapping("/invitations/{token}")
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Model model) {
        return switch (invitations.accept(token, password, confirmation)) {
            case Invitations.Acceptance.Accepted accepted -> "redirect:/login?passwordSet";
            case Invitations.Acceptance.LinkNotValid invalid -> "identity/invitation-invalid";
            case Invitations.Acceptance.PasswordProblem problem -> {
                model.addAttribute("token", token);
                model.addAttribute("pending", invitations.pending(token).orElseThrow());
                model.addAttribute("passwordError", problem.messageKey());
                yield "identity/invitation";
            }
        };
    }
}
