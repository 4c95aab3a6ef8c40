package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Progress-note drafts saved again and again under load, each save naming the version it started
 * from. The ledger keeps, per note, the last version the application acknowledged and the save in
 * doubt, if any. After a crash a note is at the acknowledged version, or one further with exactly
 * the text of the save in doubt; sending that save again is either taken or refused as stale,
 * never applied twice.
 */
final class NoteWrites {

    /** One draft and what is known of it; a single writer changes it. */
    static final class Note {
        final UUID episode;
        final UUID id;
        volatile int version;
        volatile String body;
        volatile @Nullable String pendingBody;

        Note(UUID episode, UUID id, int version, String body) {
            this.episode = episode;
            this.id = id;
            this.version = version;
            this.body = body;
        }

        String textOf(int atVersion) {
            return "Crash drill note " + id + " at version " + atVersion;
        }
    }

    final List<Note> notes = new CopyOnWriteArrayList<>();

    /** Drafts a new note in the episode and finds it on the notes page. */
    Note draft(Web web, UUID episode, String writer) throws IOException, InterruptedException {
        String first = "Crash drill draft by " + writer + " " + UUID.randomUUID();
        HttpResponse<String> drafted = web.post("/episodes/" + episode + "/notes", Map.of("body", first));
        assertThat(drafted.statusCode()).as("drafting a note").isEqualTo(302);
        Matcher form = form(web.get("/episodes/" + episode + "/notes").body(), "[0-9a-f-]{36}", Pattern.quote(first));
        assertThat(form.find()).as("the new draft on the notes page").isTrue();
        Note note = new Note(episode, UUID.fromString(form.group(1)), Integer.parseInt(form.group(2)), first);
        notes.add(note);
        return note;
    }

    Writes.Writer writer(Web web, Note note) {
        return () -> {
            if (note.pendingBody == null) {
                note.pendingBody = note.textOf(note.version + 1);
            }
            return save(web, note);
        };
    }

    /** Sends each save in doubt again; it must be taken now or have been taken before. */
    void retryInDoubt(Web web) throws IOException, InterruptedException {
        for (Note note : notes) {
            if (note.pendingBody != null) {
                assertThat(save(web, note)).as("the retry of a save of %s", note.id).isEqualTo(Writes.Answer.ACKNOWLEDGED);
            }
        }
    }

    private Writes.Answer save(Web web, Note note) throws IOException, InterruptedException {
        String text = note.pendingBody;
        HttpResponse<String> response = web.post("/episodes/" + note.episode + "/notes/" + note.id,
                Map.of("version", Integer.toString(note.version), "body", text));
        if (response.statusCode() == 302
                && response.headers().firstValue("Location").orElse("").endsWith("#note-" + note.id)) {
            acknowledge(note, text);
            return Writes.Answer.ACKNOWLEDGED;
        }
        if (response.statusCode() == 200) {
            // Refused as stale: only our own earlier try (in doubt) can have moved the note on.
            Matcher form = form(web.get("/episodes/" + note.episode + "/notes").body(), note.id.toString(), "[^<]*");
            assertThat(form.find()).as("note %s on its page", note.id).isTrue();
            assertThat(Integer.parseInt(form.group(2))).as("a stale save of %s: our try in doubt was taken", note.id)
                    .isEqualTo(note.version + 1);
            assertThat(form.group(3)).isEqualTo(text);
            acknowledge(note, text);
            return Writes.Answer.ACKNOWLEDGED;
        }
        return response.statusCode() >= 500 ? Writes.Answer.ofFailure(response.statusCode()) : Writes.Answer.REFUSED;
    }

    private static void acknowledge(Note note, String text) {
        note.body = text;
        note.version = note.version + 1;
        note.pendingBody = null;
    }

    /** A note's save form: group 1 the note id, 2 its version, 3 the text in the draft box. */
    private static Matcher form(String page, String id, String body) {
        return Pattern.compile("action=\"/episodes/[0-9a-f-]{36}/notes/(" + id + ")\"[^>]*>(?:(?!</form>).)*?"
                + "name=\"version\" value=\"(\\d+)\"(?:(?!</form>).)*?<textarea[^>]*>(" + body
                + ")</textarea>", Pattern.DOTALL).matcher(page);
    }
}
