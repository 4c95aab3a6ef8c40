package org.outgrow.measurement;

import java.util.Locale;
import java.util.UUID;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.PdfDocuments;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * PDF progress reports as downloads: the therapist's from the episode's measures page (for the
 * client, or for a referrer with the client's consent), the client's own from *My progress*. The
 * access rules are the progress pages' own; the episodes module refuses an episode not assigned.
 */
@Controller
class ProgressReportController {

    private final ProgressReports reports;

    ProgressReportController(ProgressReports reports) {
        this.reports = reports;
    }

    @GetMapping("/episodes/{id}/progress.pdf")
    @PreAuthorize("hasRole('THERAPIST')")
    ResponseEntity<byte[]> forClient(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Locale locale) {
        return download(reports.forTherapist(id, user, false, locale));
    }

    @GetMapping("/episodes/{id}/progress-for-referrer.pdf")
    @PreAuthorize("hasRole('THERAPIST')")
    Object forReferrer(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Locale locale,
                       RedirectAttributes redirect) {
        try {
            return download(reports.forTherapist(id, user, true, locale));
        } catch (MeasurementRuleViolation refused) {
            // Without the client's consent there is no referrer report: back to the measures page, saying why.
            redirect.addFlashAttribute("problem", refused.messageKey());
            return "redirect:/episodes/" + id + "/measures#report";
        }
    }

    @GetMapping("/portal/progress.pdf")
    @PreAuthorize("hasRole('CLIENT')")
    ResponseEntity<byte[]> own(@AuthenticationPrincipal OutgrowUser user, Locale locale) {
        return download(reports.forClient(user, locale));
    }

    private static ResponseEntity<byte[]> download(ProgressReports.Document document) {
        return PdfDocuments.download(document.pdf(), document.filename());
    }
}
