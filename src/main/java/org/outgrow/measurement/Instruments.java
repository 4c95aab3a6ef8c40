package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The instruments a practice can ask: those Outgrow ships and the practice's own, newest version. */
@Component
class Instruments {

    private final InstrumentLibrary library;
    private final PracticeInstruments own;

    Instruments(InstrumentLibrary library, PracticeInstruments own) {
        this.library = library;
        this.own = own;
    }

    Optional<Instrument> find(String id) {
        return library.find(id).or(() -> own.latest(id));
    }

    Instrument require(String id) {
        return find(id).orElseThrow(() -> new MeasurementRuleViolation("measures.rule.unknownInstrument"));
    }

    /** What a therapist may ask a client: the shipped instruments, then the newest version of each of the practice's own. */
    List<Instrument> forClients() {
        List<Instrument> all = new ArrayList<>(library.all());
        own.all().stream().filter(instrument -> all.stream().noneMatch(seen -> seen.id().equals(instrument.id())))
                .forEach(all::add);
        return all;
    }
}
