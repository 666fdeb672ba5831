package dev.userinfo.quota;

import dev.userinfo.jwt.testing.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** No package cycle inside this service, and no import of another service (rules shared by every service). */
class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndImportNoOtherService() {
        ServiceArchitecture.check("dev.userinfo.quota");
    }
}
