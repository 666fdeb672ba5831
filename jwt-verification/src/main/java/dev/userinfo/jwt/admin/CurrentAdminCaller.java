package dev.userinfo.jwt.admin;

import jakarta.enterprise.context.RequestScoped;

/** Who the current admin API request was admitted as; set by {@link AdminGuardFilter} before the resource runs. */
@RequestScoped
public class CurrentAdminCaller {

    private AdminCaller caller;

    void set(AdminCaller admitted) {
        this.caller = admitted;
    }

    /** The admitted caller; fails (a server error, not a silent "nobody") on a resource {@link AdminApi} does not guard. */
    public AdminCaller get() {
        if (caller == null) {
            throw new IllegalStateException("no admin caller: the resource is not guarded by @AdminApi");
        }
        return caller;
    }

    /** {@link AdminCaller#actor()} of {@link #get()}, as the audit trail records it. */
    public String actor() {
        return get().actor();
    }
}
