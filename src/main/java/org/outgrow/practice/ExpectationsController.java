package org.outgrow.practice;

import jakarta.validation.Valid;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator writes the practice's expectations statement. Saving a changed text publishes
 * a new version; earlier versions stay, because clients acknowledged them.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class ExpectationsController {

    private final ExpectationsStatements statements;
    private final Practices practices;
    private final ApplicationEventPublisher events;

    ExpectationsController(ExpectationsStatements statements, Practices practices, ApplicationEventPublisher events) {
        this.statements = statements;
        this.practices = practices;
        this.events = events;
    }

    @GetMapping("/admin/expectations")
    String edit(Model model) {
        model.addAttribute("statement", new ExpectationsForm(
                statements.current().map(ExpectationsStatement::text).orElse("")));
        return page(model);
    }

    @PostMapping("/admin/expectations")
    @Transactional
    String publish(@Valid @ModelAttribute("statement") ExpectationsForm form, BindingResult result,
                   @AuthenticationPrincipal OutgrowUser user, Model model, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return page(model);
        }
        statements.publish(form.text(), user.accountId()).ifPresentOrElse(version -> {
            events.publishEvent(AuditEvent.write("EXPECTATIONS_PUBLISHED", "expectations", version.id(), null));
            redirect.addFlashAttribute("notice", "expectations.published");
            redirect.addFlashAttribute("noticeArgument", version.number());
        }, () -> redirect.addFlashAttribute("notice", "expectations.unchanged"));
        return "redirect:/admin/expectations";
    }

    private String page(Model model) {
        model.addAttribute("versions", statements.history());
        model.addAttribute("zone", practices.current().timeZone());
        return "practice/expectations";
    }
}
