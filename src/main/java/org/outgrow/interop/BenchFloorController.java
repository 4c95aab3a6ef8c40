package org.outgrow.interop;

import java.sql.Timestamp;
import java.time.Clock;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.Ids;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The floor the submit benchmark is measured against: an endpoint behind the same bearer-token
 * authentication as the FHIR API that inserts one row and does nothing else. Mapped only with the
 * {@code bench} profile; its table is created by the benchmark harness, not by a migration.
 */
@Controller
@ConditionalOnProperty(name = "outgrow.bench.enabled", havingValue = "true")
@PreAuthorize("hasAuthority('SCOPE_SUBMIT_RESPONSES')")
class BenchFloorController {

    private final JdbcClient jdbc;
    private final Clock clock;

    BenchFloorController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostMapping("/fhir/r4/bench-floor")
    @Transactional
    ResponseEntity<Void> insert(@AuthenticationPrincipal OutgrowUser owner) {
        jdbc.sql("insert into bench_floor (practice_id, id, account_id, created_at) values (?, ?, ?, ?)")
                .params(owner.practiceId().value(), Ids.next(), owner.accountId(), Timestamp.from(clock.instant()))
                .update();
        return ResponseEntity.noContent().build();
    }
}
