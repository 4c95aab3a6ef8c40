-- Each signed progress note and each addendum keeps the SHA-256 of its text, written by the
-- database as it is signed or added (checklist T30). A signed note is final (the trigger of V150);
-- the hash shows whether its text was changed behind the application's back since (docs/reliability.md):
--   select id from progress_note where state = 'SIGNED' and content_hash <> sha256(convert_to(body, 'UTF8'));
alter table progress_note add column content_hash bytea;
alter table note_addendum add column content_hash bytea;

create function progress_note_hash_when_signed() returns trigger language plpgsql as $$
begin
    if new.state = 'SIGNED' then
        new.content_hash := sha256(convert_to(new.body, 'UTF8'));
    else
        new.content_hash := null;
    end if;
    return new;
end $$;
create trigger progress_note_hash before insert or update on progress_note
    for each row execute function progress_note_hash_when_signed();

create function note_addendum_hash() returns trigger language plpgsql as $$
begin
    new.content_hash := sha256(convert_to(new.body, 'UTF8'));
    return new;
end $$;
create trigger note_addendum_hash before insert on note_addendum
    for each row execute function note_addendum_hash();

-- Notes signed and addenda added before this migration, as the owner (forced row-level security
-- would show it none). The final-note trigger is off for this one update of the hash column.
alter table progress_note no force row level security;
alter table note_addendum no force row level security;
alter table progress_note disable trigger progress_note_final;
update progress_note set content_hash = sha256(convert_to(body, 'UTF8')) where state = 'SIGNED';
alter table progress_note enable trigger progress_note_final;
update note_addendum set content_hash = sha256(convert_to(body, 'UTF8'));
alter table progress_note force row level security;
alter table note_addendum force row level security;
alter table progress_note add constraint progress_note_signed_hashed
    check ((state = 'SIGNED') = (content_hash is not null));
alter table note_addendum alter column content_hash set not null;
