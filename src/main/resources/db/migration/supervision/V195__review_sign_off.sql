-- A review held while the client was not on track, brought to supervision as the therapist brought
-- it (de-identified, at that moment), and the supervisor's sign-off of it. A review is signed off
-- once; a sign-off is not changed afterwards.
create table supervision_review (
    practice_id    uuid not null references practice (id),
    id             uuid primary key,
    request_id     uuid not null,
    review_id      uuid not null references review (id),
    summary        text not null check (length(summary) between 1 and 8000),
    signed_off_by  uuid,
    signed_off_at  timestamptz,
    comment        text check (length(comment) <= 4000),
    unique (practice_id, request_id, review_id),
    foreign key (practice_id, request_id) references supervision_request (practice_id, id),
    foreign key (practice_id, signed_off_by) references account (practice_id, id),
    check ((signed_off_by is null) = (signed_off_at is null)),
    check (comment is null or signed_off_at is not null)
);
create unique index supervision_review_signed_once on supervision_review (practice_id, review_id)
    where signed_off_at is not null;

create function supervision_review_sign_off_is_final() returns trigger language plpgsql as $$
begin
    if old.signed_off_at is not null then
        raise exception 'a signed-off review is final' using errcode = 'P0001';
    end if;
    if new.request_id <> old.request_id or new.review_id <> old.review_id or new.summary <> old.summary then
        raise exception 'a brought review is kept as it was brought' using errcode = 'P0001';
    end if;
    return new;
end
$$;
create trigger supervision_review_final before update on supervision_review
    for each row execute function supervision_review_sign_off_is_final();

alter table supervision_review enable row level security;
alter table supervision_review force row level security;
create policy supervision_review_tenant on supervision_review using (practice_id = app_practice());

grant select, insert on supervision_review to ${appRole};
grant update (signed_off_by, signed_off_at, comment) on supervision_review to ${appRole};

-- Sign-off moved from the whole case to each review; records keep what they said.
alter table supervision_record alter column signed_off set default false;
