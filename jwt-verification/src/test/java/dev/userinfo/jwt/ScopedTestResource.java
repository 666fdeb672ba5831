package dev.userinfo.jwt;

import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Only in this module's tests: an endpoint with a declared scope requirement. */
@Path("/test/quota")
public class ScopedTestResource {

    @GET
    @PermissionsAllowed("quota_read")
    public String quota() {
        return "ok";
    }
}
