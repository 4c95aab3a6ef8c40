package org.outgrow.practice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The versions of the current practice's expectations statement. Other modules read them from here. */
@Repository
public class ExpectationsStatements {

    private static final String SELECT = """
            select v.id, v.number, v.text, v.author_account_id, coalesce(a.display_name, '') as author_name,
                   v.published_at
            from expectations_version v
            left join account a on a.practice_id = v.practice_id and a.id = v.author_account_id
            where v.practice_id = ?""";

    private final JdbcClient jdbc;
    private final Clock clock;

    ExpectationsStatements(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The version clients are asked to acknowledge now, if the practice has published one. */
    @Transactional(readOnly = true)
    public Optional<ExpectationsStatement> current() {
        return jdbc.sql(SELECT + " order by v.number desc limit 1")
                .param(Tenancy.requirePractice().value())
                .query(ExpectationsStatements::map).optional();
    }

    @Transactional(readOnly = true)
    public Optional<ExpectationsStatement> version(int number) {
        return jdbc.sql(SELECT + " and v.number = ?")
                .params(Tenancy.requirePractice().value(), number)
                .query(ExpectationsStatements::map).optional();
    }

    /** Every version, newest first. */
    @Transactional(readOnly = true)
    public List<ExpectationsStatement> history() {
        return jdbc.sql(SELECT + " order by v.number desc")
                .param(Tenancy.requirePractice().value())
                .query(ExpectationsStatements::map).list();
    }

    /**
     * Publishes {@code text} as the next version, unless it says the same as the current one; then
     * nothing changes and the result is empty. Publications of one practice are serialised on its
     * practice row, so two administrators saving at once get consecutive numbers.
     */
    @Transactional
    public Optional<ExpectationsStatement> publish(String text, UUID author) {
        UUID practice = Tenancy.requirePractice().value();
        jdbc.sql("select id from practice where id = ? for update").param(practice).query(UUID.class).single();
        Optional<ExpectationsStatement> current = current();
        if (current.isPresent() && !current.get().differsFrom(text)) {
            return Optional.empty();
        }
        UUID id = Ids.next();
        jdbc.sql("""
                insert into expectations_version (practice_id, id, number, text, author_account_id, published_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(practice, id, current.map(ExpectationsStatement::number).orElse(0) + 1,
                        ExpectationsStatement.normalize(text), author, Timestamp.from(clock.instant()))
                .update();
        return current();
    }

    private static ExpectationsStatement map(ResultSet rs, int row) throws SQLException {
        return new ExpectationsStatement(rs.getObject("id", UUID.class), rs.getInt("number"), rs.getString("text"),
                rs.getObject("author_account_id", UUID.class), rs.getString("author_name"),
                rs.getTimestamp("published_at").toInstant());
    }
}
