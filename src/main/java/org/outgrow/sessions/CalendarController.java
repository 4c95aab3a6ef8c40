package org.outgrow.sessions;

import org.outgrow.identity.OutgrowUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Calendar feeds: a page to create, replace or revoke one's secret calendar address, and the
 * address itself, which a calendar app fetches without signing in (the secret is the key).
 */
@Controller
class CalendarController {

    private static final MediaType CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final CalendarFeeds feeds;

    CalendarController(CalendarFeeds feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/calendar")
    @PreAuthorize("hasAnyRole('THERAPIST', 'CLIENT')")
    String page(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("live", feeds.hasLiveFeed(user));
        return "sessions/calendar";
    }

    @PostMapping("/calendar/address")
    @PreAuthorize("hasAnyRole('THERAPIST', 'CLIENT')")
    String renew(@AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        redirect.addFlashAttribute("feedUrl", feeds.renew(user));
        return "redirect:/calendar";
    }

    @PostMapping("/calendar/revocation")
    @PreAuthorize("hasAnyRole('THERAPIST', 'CLIENT')")
    String revoke(@AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        feeds.revoke(user);
        redirect.addFlashAttribute("notice", "calendar.revoked");
        return "redirect:/calendar";
    }

    @GetMapping("/feeds/{token}.ics")
    @PreAuthorize("permitAll()")
    ResponseEntity<String> feed(@PathVariable String token) {
        return feeds.calendar(token)
                .map(ics -> ResponseEntity.ok().contentType(CALENDAR).body(ics))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                        .body("Not found"));
    }
}
