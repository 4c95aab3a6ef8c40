package org.outgrow.measurement;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Instruments a practice adds itself. A definition is stored only when it validates; its id may
 * not shadow a shipped instrument, and each version is kept.
 */
@Service
class PracticeInstruments {

    private final JdbcClient jdbc;
    private final InstrumentLibrary library;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PracticeInstruments(JdbcClient jdbc, InstrumentLibrary library, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.library = library;
        this.events = events;
        this.clock = clock;
    }

    /** The problems with the definition, named by field; empty when it was added. */
    @Transactional
    List<String> add(String json, UUID by) {
        InstrumentDefinitions.Result result = InstrumentDefinitions.read(json);
        if (result instanceof InstrumentDefinitions.Result.Invalid invalid) {
            return invalid.problems();
        }
        Instrument instrument = ((InstrumentDefinitions.Result.Valid) result).instrument();
        if (library.find(instrument.id()).isPresent()) {
            return List.of("id: '" + instrument.id() + "' is an instrument Outgrow ships; choose another id");
        }
        try {
            UUID id = Ids.next();
            jdbc.sql("""
                    insert into practice_instrument (practice_id, id, instrument, version, definition, added_by, added_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(Tenancy.requirePractice().value(), id, instrument.id(), instrument.version(), json, by,
                            Timestamp.from(clock.instant()))
                    .update();
            events.publishEvent(AuditEvent.write("INSTRUMENT_ADDED", "practice_instrument", id, null));
        } catch (DuplicateKeyException e) {
            return List.of("version: version " + instrument.version() + " of '" + instrument.id()
                    + "' exists already; raise the version");
        }
        return List.of();
    }

    /** The newest version of one of the practice's own instruments. */
    @Transactional(readOnly = true)
    java.util.Optional<Instrument> latest(String id) {
        return jdbc.sql("select instrument, definition from practice_instrument where practice_id = ?"
                        + " and instrument = ? order by version desc limit 1")
                .params(Tenancy.requirePractice().value(), id)
                .query((rs, row) -> InstrumentDefinitions.readShipped(rs.getString("instrument"),
                        rs.getString("definition")))
                .optional();
    }

    /** The practice's own instruments, newest version of each first. */
    @Transactional(readOnly = true)
    List<Instrument> all() {
        return jdbc.sql("select instrument, definition from practice_instrument where practice_id = ?"
                        + " order by instrument, version desc")
                .param(Tenancy.requirePractice().value())
                .query((rs, row) -> InstrumentDefinitions.readShipped(rs.getString("instrument"),
                        rs.getString("definition")))
                .list();
    }
}
