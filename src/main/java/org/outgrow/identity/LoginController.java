package org.outgrow.identity;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page, e-mailed sign-in links, and the way home after sign-in. */
@Controller
class LoginController {

    static final String TYPED_EMAIL = "outgrow.typedEmail";

    private final LoginLinks links;
    private final SignInSessions sessions;
    private final AddressThrottle throttle;
    private final Duration linkAnswerFloor;

    LoginController(LoginLinks links, SignInSessions sessions, AddressThrottle throttle,
                    @Value("${outgrow.login-link.answer-floor:250ms}") Duration linkAnswerFloor) {
        this.links = links;
        this.sessions = sessions;
        this.throttle = throttle;
        this.linkAnswerFloor = linkAnswerFloor;
    }

    @GetMapping("/login")
    @PreAuthorize("permitAll()")
    String login(HttpServletRequest request, HttpSession session, Model model) {
        Object typed = session.getAttribute(TYPED_EMAIL);
        model.addAttribute("email", typed == null ? "" : typed);
        for (String flag : new String[] {"error", "signedOut", "expired", "passwordSet"}) {
            model.addAttribute(flag, request.getParameter(flag) != null);
        }
        return "identity/login";
    }

    /** Each person's home: the first page that fits their roles. */
    @GetMapping("/")
    @PreAuthorize("isAuthenticated()")
    String home(Authentication authentication) {
        OutgrowUser user = (OutgrowUser) authentication.getPrincipal();
        if (user.has(Role.THERAPIST)) {
            return "redirect:/caseload";
        }
        if (user.has(Role.SUPERVISOR)) {
            return "redirect:/supervision";
        }
        if (user.has(Role.ADMIN)) {
            return "redirect:/admin";
        }
        return "redirect:/portal";
    }

    @GetMapping("/login/link")
    @PreAuthorize("permitAll()")
    String linkForm(Model model) {
        model.addAttribute("email", "");
        return "identity/link-request";
    }

    @PostMapping("/login/link")
    @PreAuthorize("permitAll()")
    String requestLink(@RequestParam(defaultValue = "") String email, HttpServletRequest request, Model model) {
        if (email.isBlank() || !email.contains("@") || email.length() > 320) {
            model.addAttribute("email", email);
            model.addAttribute("emailError", "login.link.emailInvalid");
            return "identity/link-request";
        }
        long started = System.nanoTime();
        if (throttle.tryAcquire(request.getRemoteAddr())) {
            links.request(email);
        }
        answerNoSooner(started);
        return "identity/link-sent";
    }

    /**
     * A known client's address costs a token, an encrypted mail and an audit row; an unknown one
     * costs a look-up. The answer waits until the floor has passed since the request began, so how
     * long it took does not say whether the address is known (EnumerationTimingTest). Real time,
     * not the application clock: this is about what a stopwatch sees.
     */
    private void answerNoSooner(long started) {
        long remaining = linkAnswerFloor.toNanos() - (System.nanoTime() - started);
        if (remaining > 0) {
            try {
                Thread.sleep(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opening the link shows a button rather than signing in at once: mail scanners that follow
     * links must not spend them, and the token leaves the address bar with the next step.
     */
    @GetMapping("/login/link/{token}")
    @PreAuthorize("permitAll()")
    String confirmLink(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        return "identity/link-confirm";
    }

    @PostMapping("/login/link/confirm")
    @PreAuthorize("permitAll()")
    String useLink(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
                   HttpServletResponse response) {
        return links.spend(token).map(account -> {
            if (account.needsSecondFactor()) {
                sessions.halfSignInByLink(request, response, account.user());
                return "redirect:/login/second-factor";
            }
            sessions.signIn(request, response, account.user());
            return "redirect:/";
        }).orElse("identity/link-invalid");
    }
}
