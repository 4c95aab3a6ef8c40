-- The tenancy context that row-level security policies read. The application sets these per
-- transaction with set_config(..., true); unset means "no practice", and tenant tables show no rows.
create function app_practice() returns uuid language sql stable as
$$ select nullif(current_setting('app.practice_id', true), '')::uuid $$;

create function app_account() returns uuid language sql stable as
$$ select nullif(current_setting('app.account_id', true), '')::uuid $$;

-- Before sign-in: the e-mail typed at login, or the hash of a one-time token, lets exactly that row through.
create function app_lookup_email() returns text language sql stable as
$$ select nullif(current_setting('app.lookup_email', true), '') $$;

create function app_lookup_token() returns text language sql stable as
$$ select nullif(current_setting('app.lookup_token', true), '') $$;

grant usage on schema public to ${appRole};
