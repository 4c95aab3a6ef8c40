package org.outgrow.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API tokens for the FHIR API. A therapist creates and revokes their own; an administrator sees
 * every token of the practice (name, owner, scopes, last use, never the secret) and may revoke
 * any. A new secret is shown in the response to its creation only, so it is never kept in the
 * session or a flash attribute.
 */
@Controller
class ApiTokenController {

    static final List<Integer> VALIDITY_DAYS = List.of(30, 90, 365);

    private final ApiTokens tokens;
    private final Accounts accounts;
    private final Clock clock;
    private final String baseUrl;

    ApiTokenController(ApiTokens tokens, Accounts accounts, Clock clock,
                       @org.springframework.beans.factory.annotation.Value("${outgrow.base-url}") String baseUrl) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @GetMapping("/account/api-tokens")
    @PreAuthorize("hasAnyRole('THERAPIST', 'ADMIN')")
    String page(@AuthenticationPrincipal OutgrowUser user, Model model) {
        return show(user, model, null, "", EnumSet.of(ApiTokens.Scope.READ), 90, null);
    }

    @PostMapping("/account/api-tokens")
    @PreAuthorize("hasRole('THERAPIST')")
    String create(@AuthenticationPrincipal OutgrowUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(required = false) @Nullable Set<ApiTokens.Scope> scopes,
                  @RequestParam(defaultValue = "90") int days, Model model) {
        Set<ApiTokens.Scope> asked = scopes == null ? EnumSet.noneOf(ApiTokens.Scope.class) : EnumSet.copyOf(scopes);
        if (!VALIDITY_DAYS.contains(days)) {
            return show(user, model, null, name, asked, 90, "apiTokens.rule.validity");
        }
        try {
            String secret = tokens.issue(user, name, asked, Duration.ofDays(days));
            return show(user, model, secret, "", EnumSet.of(ApiTokens.Scope.READ), 90, null);
        } catch (ApiTokens.TokenRejected rejected) {
            return show(user, model, null, name, asked, days, rejected.messageKey());
        }
    }

    @PostMapping("/account/api-tokens/{id}/revoke")
    @PreAuthorize("hasAnyRole('THERAPIST', 'ADMIN')")
    String revoke(@AuthenticationPrincipal OutgrowUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        if (!tokens.revoke(id, user, user.has(Role.ADMIN))) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("notice", "apiTokens.revoked");
        return "redirect:/account/api-tokens";
    }

    private String show(OutgrowUser user, Model model, @Nullable String secret, String name,
                        Set<ApiTokens.Scope> scopes, int days, @Nullable String error) {
        boolean everyone = user.has(Role.ADMIN);
        Map<UUID, String> owners = everyone
                ? accounts.inPractice().stream().collect(Collectors.toMap(Accounts.Summary::id,
                        Accounts.Summary::displayName))
                : Map.of(user.accountId(), user.displayName());
        model.addAttribute("tokens", tokens.listed(user, everyone));
        model.addAttribute("owners", owners);
        model.addAttribute("everyone", everyone);
        model.addAttribute("canCreate", user.has(Role.THERAPIST));
        model.addAttribute("now", clock.instant());
        model.addAttribute("secret", secret);
        model.addAttribute("name", name);
        model.addAttribute("scopes", scopes);
        model.addAttribute("allScopes", ApiTokens.Scope.values());
        model.addAttribute("days", days);
        model.addAttribute("validityDays", VALIDITY_DAYS);
        model.addAttribute("problem", error);
        model.addAttribute("baseUrl", baseUrl + "/fhir/r4");
        return "identity/api-tokens";
    }
}
