-- Bearer tokens for the FHIR API. A token acts for the therapist who created it, within what that
-- therapist may see, and only for its scopes. Only the SHA-256 of the secret is stored; before the
-- practice is known, the hash being looked up lets exactly its own row through.
create table api_token (
    practice_id  uuid not null references practice (id),
    id           uuid primary key,
    account_id   uuid not null,
    name         text not null check (length(name) between 1 and 100),
    scopes       text[] not null check (cardinality(scopes) > 0
                     and scopes <@ array['READ', 'SUBMIT_RESPONSES']::text[]),
    token_hash   text not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    revoked_at   timestamptz,
    revoked_by   uuid,
    last_used_at timestamptz,
    foreign key (practice_id, account_id) references account (practice_id, id)
);
create index api_token_account on api_token (practice_id, account_id);

alter table api_token enable row level security;
alter table api_token force row level security;
create policy api_token_tenant on api_token
    using (practice_id = app_practice() or token_hash = app_lookup_token());

grant select, insert, update on api_token to ${appRole};
