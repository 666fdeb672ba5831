package dev.userinfo.auth.admin;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who makes the current admin request, as the audit trail names them (issue #18): {@code admin-token} for the static
 * credential, {@code operator:<user id>} for an operator's token. Set by the admin guard before any admin resource
 * runs; an admin resource reads it for every write it records.
 */
@RequestScoped
public class AdminActor {

    private String name;

    /** The actor; the guard has always set it by the time an admin resource runs. */
    public String name() {
        if (name == null) {
            throw new IllegalStateException("no admin credential was checked for this request");
        }
        return name;
    }

    /** Called by the admin guard once it accepted the request's credential. */
    public void accepted(String actor) {
        this.name = actor;
    }
}
