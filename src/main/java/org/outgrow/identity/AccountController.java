package org.outgrow.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** The signed-in person's own account: signing out on every device at once, and a way to API tokens. */
@Controller
@PreAuthorize("hasAnyRole('CLIENT', 'THERAPIST', 'SUPERVISOR', 'ADMIN')")
class AccountController {

    private final Accounts accounts;
    private final ApplicationEventPublisher events;

    AccountController(Accounts accounts, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.events = events;
    }

    @GetMapping("/account")
    String page(@AuthenticationPrincipal OutgrowUser user, org.springframework.ui.Model model) {
        model.addAttribute("apiTokens", user.has(Role.THERAPIST) || user.has(Role.ADMIN));
        return "identity/account";
    }

    /** Ends every session of the account, this one included; other devices find out at their next request. */
    @PostMapping("/account/sessions/end-all")
    String endAll(@AuthenticationPrincipal OutgrowUser user, HttpServletRequest request) {
        accounts.endAllSessions(user.accountId());
        events.publishEvent(AuditEvent.write("SIGNED_OUT_EVERYWHERE", "account", user.accountId(), null));
        request.getSession().invalidate();
        SecurityContextHolder.clearContext();
        return "redirect:/login?signedOut";
    }
}
