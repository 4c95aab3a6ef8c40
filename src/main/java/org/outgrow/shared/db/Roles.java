package org.outgrow.shared.db;

/** SQL for the two database roles: the schema owner and the application role that owns nothing. */
public final class Roles {

    private Roles() {
    }

    /**
     * The application role may log in and nothing more: no superuser, no BYPASSRLS, no role or
     * database creation. Names are fixed identifiers chosen by the operator, never user input.
     */
    public static String createIfMissing(String role, String password) {
        requireIdentifier(role);
        String pass = password.isEmpty() ? "" : " password '" + password.replace("'", "''") + "'";
        return "do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                + "create role " + role + " login nosuperuser nobypassrls nocreatedb nocreaterole" + pass + "; "
                + "end if; end $$";
    }

    public static String requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
        return name;
    }
}
