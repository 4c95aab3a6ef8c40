package org.outgrow.practice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The practice registry. */
@Repository
public class Practices {

    private final JdbcClient jdbc;
    private final Clock clock;

    Practices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void create(Practice practice) {
        jdbc.sql("""
                insert into practice (id, slug, name, time_zone, crisis_resources, demo, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(practice.id().value(), practice.slug(), practice.name(), practice.timeZone().getId(),
                        practice.crisisResources(), practice.demo(), Timestamp.from(clock.instant()))
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<Practice> find(PracticeId id) {
        return jdbc.sql("select id, slug, name, time_zone, crisis_resources, demo from practice where id = ?")
                .param(id.value())
                .query((rs, row) -> new Practice(new PracticeId(rs.getObject("id", java.util.UUID.class)),
                        rs.getString("slug"), rs.getString("name"), ZoneId.of(rs.getString("time_zone")),
                        rs.getString("crisis_resources"), rs.getBoolean("demo")))
                .optional();
    }

    /** Every practice, for jobs that visit each tenant in turn. */
    @Transactional(readOnly = true)
    public java.util.List<Practice> all() {
        return jdbc.sql("select id, slug, name, time_zone, crisis_resources, demo from practice order by id")
                .query((rs, row) -> new Practice(new PracticeId(rs.getObject("id", java.util.UUID.class)),
                        rs.getString("slug"), rs.getString("name"), ZoneId.of(rs.getString("time_zone")),
                        rs.getString("crisis_resources"), rs.getBoolean("demo")))
                .list();
    }

    @Transactional(readOnly = true)
    public Optional<PracticeId> findBySlug(String slug) {
        return jdbc.sql("select id from practice where slug = ?").param(slug)
                .query((rs, row) -> new PracticeId(rs.getObject("id", java.util.UUID.class))).optional();
    }

    /** The practice of the signed-in person. */
    public Practice current() {
        return find(Tenancy.requirePractice()).orElseThrow();
    }

    @Transactional
    public void updateSettings(PracticeId id, String name, ZoneId timeZone, String crisisResources) {
        jdbc.sql("update practice set name = ?, time_zone = ?, crisis_resources = ? where id = ?")
                .params(name, timeZone.getId(), crisisResources, id.value()).update();
    }
}
