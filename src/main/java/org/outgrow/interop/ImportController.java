package org.outgrow.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Role;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.web.Htmx;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The administrator's imports page: upload a file of historical records, choose the therapist
 * the imported clients belong to, and watch the run check and import it. The uploaded file is
 * kept only while its run lasts, readable by the Outgrow process alone. Starting a run is not one
 * transaction: the run writes in transactions of its own, so the checks read in short ones.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class ImportController {

    private final Imports imports;
    private final MeasurementRecords measures;
    private final Accounts accounts;
    private final Clock clock;
    private final Path folder;
    private final TenantTransactions transactions;

    ImportController(Imports imports, MeasurementRecords measures, Accounts accounts, Clock clock,
                     TenantTransactions transactions, @Value("${outgrow.home}") Path home) {
        this.transactions = transactions;
        this.imports = imports;
        this.measures = measures;
        this.accounts = accounts;
        this.clock = clock;
        this.folder = home.resolve("imports");
    }

    @org.springframework.context.annotation.Bean
    static org.outgrow.shared.web.Navigation importsNavigation() {
        return new org.outgrow.shared.web.Navigation("/admin/imports", "nav.imports", Set.of("ADMIN"), 55);
    }

    @GetMapping("/admin/imports")
    @Transactional(readOnly = true)
    String page(Model model) {
        return show(model, null);
    }

    @PostMapping("/admin/imports")
    String start(@AuthenticationPrincipal OutgrowUser admin, @RequestParam(required = false) @Nullable MultipartFile file,
                 @RequestParam(defaultValue = "") String format, @RequestParam(defaultValue = "") String instrument,
                 @RequestParam(required = false) @Nullable UUID therapist, Model model) throws IOException {
        Optional<Imports.Format> chosen = Set.of("CSV", "NDJSON").contains(format)
                ? Optional.of(Imports.Format.valueOf(format)) : Optional.empty();
        Optional<Instrument> questionnaire = transactions.call(Tenancy.current(), () -> measures.questionnaire(instrument));
        String problem = file == null || file.isEmpty() ? "imports.rule.file"
                : chosen.isEmpty() ? "imports.rule.format"
                : chosen.get() == Imports.Format.CSV && questionnaire.isEmpty() ? "imports.rule.instrument"
                : therapist == null || !transactions.call(Tenancy.current(), () -> therapistNames().containsKey(therapist))
                ? "imports.rule.therapist" : null;
        if (problem != null) {
            return transactions.call(Tenancy.current(), () -> show(model, problem));
        }
        Files.createDirectories(folder);
        Path saved = folder.resolve(Ids.next() + ".upload");
        Files.createFile(saved, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.transferTo(saved);
        UUID run = imports.start(admin, chosen.get(), chosen.get() == Imports.Format.CSV ? questionnaire.get() : null,
                therapist, saved);
        return "redirect:/admin/imports/" + run;
    }

    /** The run's progress; htmx asks again every two seconds while it is running. */
    @GetMapping("/admin/imports/{id}")
    @Transactional(readOnly = true)
    String run(@PathVariable UUID id, Model model, HttpServletRequest request) {
        Imports.Run run = imports.find(id).orElseThrow(org.outgrow.episodes.EpisodeWork.NotYours::new);
        model.addAttribute("run", run);
        model.addAttribute("interrupted", run.interrupted(clock.instant()));
        model.addAttribute("therapist", accounts.summary(run.therapistId()).map(Accounts.Summary::displayName)
                .orElse("—"));
        return Htmx.isRequest(request) ? "interop/import-run :: progress" : "interop/import-run";
    }

    private String show(Model model, @Nullable String problem) {
        model.addAttribute("runs", imports.recent());
        model.addAttribute("questionnaires", measures.questionnaires());
        model.addAttribute("therapists", therapistNames());
        model.addAttribute("problem", problem);
        model.addAttribute("now", clock.instant());
        return "interop/imports";
    }

    private Map<UUID, String> therapistNames() {
        return accounts.activeWithRole(Role.THERAPIST).stream()
                .collect(Collectors.toMap(Accounts.Summary::id, Accounts.Summary::displayName));
    }
}
