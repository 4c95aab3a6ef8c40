package org.outgrow.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Tokens;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A secret calendar address per person (therapist or client) for their calendar app: iCalendar
 * with their appointments and nothing else, no names and no clinical content, since calendar
 * services keep copies. A new address revokes the old; revoking stops it at once.
 */
@Service
class CalendarFeeds {

    private static final DateTimeFormatter ICS_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final TenantTransactions tenantTransactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String baseUrl;

    CalendarFeeds(JdbcClient jdbc, TenantTransactions tenantTransactions, ApplicationEventPublisher events, Clock clock,
                  @Value("${outgrow.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.tenantTransactions = tenantTransactions;
        this.events = events;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @Transactional(readOnly = true)
    boolean hasLiveFeed(OutgrowUser user) {
        return jdbc.sql("select count(*) from calendar_feed"
                        + " where practice_id = ? and account_id = ? and revoked_at is null")
                .params(user.practiceId().value(), user.accountId()).query(Integer.class).single() > 0;
    }

    /** A new secret address; the previous one stops working. Returned once, never stored. */
    @Transactional
    String renew(OutgrowUser user) {
        revokeLive(user);
        String token = Tokens.newToken();
        jdbc.sql("""
                insert into calendar_feed (practice_id, id, account_id, token_hash, created_at)
                values (?, ?, ?, ?, ?)""")
                .params(user.practiceId().value(), Ids.next(), user.accountId(), Tokens.hash(token),
                        Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(AuditEvent.write("CALENDAR_FEED_CREATED", "account", user.accountId(), null));
        return baseUrl + "/feeds/" + token + ".ics";
    }

    @Transactional
    void revoke(OutgrowUser user) {
        revokeLive(user);
        events.publishEvent(AuditEvent.write("CALENDAR_FEED_REVOKED", "account", user.accountId(), null));
    }

    private void revokeLive(OutgrowUser user) {
        revokeLive(user.practiceId(), user.accountId());
    }

    private void revokeLive(PracticeId practice, UUID account) {
        jdbc.sql("update calendar_feed set revoked_at = ?"
                        + " where practice_id = ? and account_id = ? and revoked_at is null")
                .params(Timestamp.from(clock.instant()), practice.value(), account).update();
    }

    /** A client who asked to be erased keeps no live calendar address. */
    @org.springframework.context.event.EventListener
    void on(org.outgrow.clients.ClientErasureRequested request) {
        if (request.accountId() != null) {
            revokeLive(Tenancy.requirePractice(), request.accountId());
        }
    }

    /** The iCalendar text behind a live address, if it is one. */
    Optional<String> calendar(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        record Feed(PracticeId practice, UUID account) {
        }
        Tenancy.Context lookup = Tenancy.Context.lookingUpToken(Tokens.hash(token));
        Optional<Feed> feed = tenantTransactions.call(lookup, () -> jdbc.sql("""
                        select practice_id, account_id from calendar_feed
                        where token_hash = ? and revoked_at is null""")
                        .param(Tokens.hash(token))
                        .query((rs, row) -> new Feed(new PracticeId(rs.getObject("practice_id", UUID.class)),
                                rs.getObject("account_id", UUID.class)))
                        .optional());
        return feed.map(found -> tenantTransactions.call(Tenancy.Context.of(found.practice()), () -> {
                    events.publishEvent(AuditEvent.security("CALENDAR_FEED_READ", AuditEvent.Outcome.SUCCESS,
                            found.account(), found.practice()));
                    return render(appointmentsOf(found.account()));
                }));
    }

    private record Event(UUID id, Instant startsAt, int minutes, String attendance) {
    }

    private List<Event> appointmentsOf(UUID account) {
        return jdbc.sql("""
                select a.id, a.starts_at, a.minutes, a.attendance from appointment a
                join episode e on e.practice_id = a.practice_id and e.id = a.episode_id
                left join client c on c.practice_id = e.practice_id and c.id = e.client_id
                where a.practice_id = app_practice()
                  and ((e.therapist_id = ? and c.therapist_id = e.therapist_id) or c.account_id = ?)
                  and a.starts_at > ? order by a.starts_at""")
                .params(account, account, Timestamp.from(clock.instant().minus(90, ChronoUnit.DAYS)))
                .query((rs, row) -> new Event(rs.getObject("id", UUID.class), rs.getTimestamp("starts_at").toInstant(),
                        rs.getInt("minutes"), rs.getString("attendance")))
                .list();
    }

    private String render(List<Event> appointments) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Outgrow//Sessions//EN\r\n"
                + "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Outgrow\r\n");
        String stamp = ICS_TIME.format(clock.instant());
        for (Event appointment : appointments) {
            boolean cancelled = appointment.attendance().startsWith("CANCELLED");
            ics.append("BEGIN:VEVENT\r\n")
                    .append("UID:").append(appointment.id()).append("@outgrow\r\n")
                    .append("DTSTAMP:").append(stamp).append("\r\n")
                    .append("DTSTART:").append(ICS_TIME.format(appointment.startsAt())).append("\r\n")
                    .append("DTEND:").append(ICS_TIME.format(appointment.startsAt().plus(appointment.minutes(),
                            ChronoUnit.MINUTES))).append("\r\n")
                    .append("SUMMARY:Therapy session\r\n")
                    .append("STATUS:").append(cancelled ? "CANCELLED" : "CONFIRMED").append("\r\n")
                    .append("END:VEVENT\r\n");
        }
        return ics.append("END:VCALENDAR\r\n").toString();
    }
}
