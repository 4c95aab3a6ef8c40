package org.outgrow.audit;

import java.util.List;

import org.outgrow.shared.Commands;
import org.springframework.stereotype.Component;

/** {@code audit-verify}: checks every audit chain; exit code 0 when intact, 1 naming the first broken row. */
@Component
class AuditVerifyCommand implements Commands.OperatorCommand {

    private final AuditVerification verification;

    AuditVerifyCommand(AuditVerification verification) {
        this.verification = verification;
    }

    @Override
    public String name() {
        return "audit-verify";
    }

    @Override
    public int run(List<String> args) {
        AuditVerification.Report report = verification.verifyAll();
        if (report.broken().isEmpty()) {
            System.out.println("Audit log intact: " + report.rowsChecked() + " rows checked.");
            return 0;
        }
        for (AuditVerification.Broken broken : report.broken()) {
            System.out.println("Audit chain BROKEN for practice " + (broken.practice() == null ? "(none)"
                    : broken.practice()) + " at row seq=" + broken.seq() + " id=" + broken.id()
                    + ": this row or one before it was changed, or a row was removed.");
        }
        return 1;
    }
}
