-- A progress note's session must be a session of the note's own episode (checklist T13: a record
-- cannot be attached to another client's by naming its id). NOT VALID: rows written before are
-- not re-checked, every new or changed row is.
alter table appointment add constraint appointment_of_episode unique (practice_id, episode_id, id);
alter table progress_note add constraint progress_note_appointment_of_episode
    foreign key (practice_id, episode_id, appointment_id) references appointment (practice_id, episode_id, id)
    not valid;
