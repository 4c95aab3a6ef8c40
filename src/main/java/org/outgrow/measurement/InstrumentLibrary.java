package org.outgrow.measurement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The instruments shipped with Outgrow ({@code classpath:instruments/*.json}), read and validated
 * at start-up: a broken definition stops the start with the file and the fields named.
 */
@Component
public class InstrumentLibrary {

    private final Map<String, Instrument> instruments;

    public InstrumentLibrary() {
        this.instruments = load();
    }

    public Optional<Instrument> find(String id) {
        return Optional.ofNullable(instruments.get(id));
    }

    public Collection<Instrument> all() {
        return instruments.values();
    }

    static Map<String, Instrument> load() {
        Map<String, Instrument> loaded = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:instruments/*.json")) {
                Instrument instrument = InstrumentDefinitions.readShipped(resource.getFilename(),
                        resource.getContentAsString(StandardCharsets.UTF_8));
                if (loaded.put(instrument.id(), instrument) != null) {
                    throw new IllegalStateException("Two instrument definitions use the id " + instrument.id());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(loaded);
    }
}
