package org.outgrow.interop;

import java.util.Set;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "My data" in the portal: the client asks for a copy of their records and fetches it once, as a
 * FHIR Bundle another service can read and a PDF they can read. The file name carries no name of theirs.
 */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class ClientExportController {

    private final ClientExports exports;

    ClientExportController(ClientExports exports) {
        this.exports = exports;
    }

    @Bean
    static Navigation clientExportNavigation() {
        return new Navigation("/portal/export", "nav.export", Set.of("CLIENT"), 9);
    }

    @GetMapping("/portal/export")
    String page() {
        return "interop/export";
    }

    @PostMapping("/portal/export")
    String ask(@AuthenticationPrincipal OutgrowUser client, Model model) {
        model.addAttribute("token", exports.ask(client));
        model.addAttribute("minutes", ClientExports.VALID_FOR.toMinutes());
        return "interop/export";
    }

    /** A POST with the secret in the form, so it never appears in an address, a log or a prefetch. */
    @PostMapping("/portal/export/download")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal OutgrowUser client,
                                    @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String token,
                                    java.util.Locale locale) {
        return exports.fetch(token, client, locale)
                .map(zip -> ResponseEntity.ok()
                        .contentType(org.springframework.http.MediaType.parseMediaType("application/zip"))
                        .cacheControl(CacheControl.noStore())
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("outgrow-records.zip").build().toString())
                        .body(zip))
                .orElseGet(() -> ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/portal/export?spent")
                        .build());
    }
}
