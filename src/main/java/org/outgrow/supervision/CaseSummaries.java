package org.outgrow.supervision;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.outgrow.clients.Client;
import org.outgrow.episodes.ChangeEvidence;
import org.outgrow.episodes.ChangeFocus;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Episodes;
import org.outgrow.episodes.Foci;
import org.outgrow.episodes.Reviews;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The de-identified summary of an episode that goes to supervision: where the work stands, the
 * goals in the client's words, what the measures say, open concerns and reviews. No name, no
 * contact details, no dates, only weeks and sessions; the client's names are taken out of the
 * goals' wording too. Nothing from notes or process notes.
 */
@Component
class CaseSummaries {

    private final EpisodeWork episodes;
    private final ChangeEvidence evidence;
    private final MessageSource messages;

    CaseSummaries(EpisodeWork episodes, ChangeEvidence evidence, MessageSource messages) {
        this.episodes = episodes;
        this.evidence = evidence;
        this.messages = messages;
    }

    record Summary(String text, boolean notOnTrack) {
    }

    Summary of(Episode episode, Client client, Locale locale) {
        UUID id = episode.id();
        List<Episodes.AgreementVersion> agreements = episodes.agreements(id);
        List<Reviews.Review> reviews = episodes.reviews(id);
        int attended = episodes.schedule(id, agreements, reviews).attended();
        StringBuilder text = new StringBuilder();
        line(text, locale, "summary.stage", text(locale, "episode.state." + episode.state()), attended,
                agreements.isEmpty() || agreements.getFirst().plannedSessions() == null ? "—"
                        : agreements.getFirst().plannedSessions(),
                agreements.isEmpty() ? "—" : deidentify(agreements.getFirst().frequency(), client));
        Map<UUID, List<Foci.Rating>> ratings = episodes.ratings(id);
        for (ChangeFocus focus : episodes.foci(id)) {
            if (!focus.goal()) {
                continue;
            }
            List<Foci.Rating> rated = ratings.getOrDefault(focus.id(), List.of());
            line(text, locale, "summary.goal", deidentify(focus.wording(), client),
                    rated.isEmpty() ? "—" : rated.getFirst().rating(), rated.isEmpty() ? "—" : rated.getLast().rating());
        }
        ChangeEvidence.Evidence measures = evidence.of(id, locale);
        for (ChangeEvidence.Measure measure : measures.measures()) {
            line(text, locale, "summary.measure", measure.title(), measure.baseline() == null ? "—" : measure.baseline(),
                    measure.latest() == null ? "—" : measure.latest(),
                    measure.change() == null ? text(locale, "measures.changeClass.none")
                            : text(locale, "change." + measure.change()),
                    measure.onTrack() == null ? "—" : text(locale, measure.onTrack() ? "measures.onTrack.yes"
                            : "measures.onTrack.no"));
        }
        if (measures.alliance() != null) {
            line(text, locale, "summary.alliance", measures.alliance().latest(),
                    measures.alliance().ownLevel() == null ? "—" : measures.alliance().ownLevel());
        }
        for (Reviews.Review review : reviews) {
            line(text, locale, "summary.review", review.attendedSessions(),
                    text(locale, "review.decision." + review.decision()));
        }
        return new Summary(text.toString().strip(), measures.notOnTrack());
    }

    /** One review held while not on track: when in the work, the decision, the measures off track and the note. */
    String ofReview(Reviews.Review review, Client client, Locale locale) {
        StringBuilder text = new StringBuilder();
        line(text, locale, "summary.review", review.attendedSessions(),
                text(locale, "review.decision." + review.decision()));
        for (ChangeEvidence.Measure measure : review.evidence().measures()) {
            if (Boolean.FALSE.equals(measure.onTrack())) {
                line(text, locale, "summary.reviewOffTrack", measure.title(),
                        measure.baseline() == null ? "—" : measure.baseline(),
                        measure.latest() == null ? "—" : measure.latest());
            }
        }
        if (review.note() != null) {
            line(text, locale, "summary.reviewNote", deidentify(review.note(), client));
        }
        return text.toString().strip();
    }

    /**
     * Takes each of the client's names, as they are written, out of a text they or their therapist
     * wrote, in one pass. Case matters, so that "Will" goes and "will" stays.
     */
    static String deidentify(String text, Client client) {
        List<String> names = java.util.Arrays.stream(client.displayName().split("\\s+"))
                .filter(name -> name.length() > 1).map(Pattern::quote).toList();
        if (names.isEmpty()) {
            return text;
        }
        return Pattern.compile("\\b(" + String.join("|", names) + ")\\b", Pattern.UNICODE_CHARACTER_CLASS)
                .matcher(text).replaceAll("[client]");
    }

    private void line(StringBuilder text, Locale locale, String key, Object... arguments) {
        text.append(messages.getMessage(key, arguments, locale)).append('\n');
    }

    private String text(Locale locale, String key) {
        return messages.getMessage(key, null, locale);
    }
}
