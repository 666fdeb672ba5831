package dev.userinfo.auth.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three audit trails merged newest first, each entry naming its service; a refusal leaves the others shown. */
class MergedAuditTrailTest {

    private static ApiAnswer trail(AdminApi api, String... times) {
        JsonArray items = new JsonArray();
        for (String at : times) {
            items.add(new JsonObject().put("id", items.size() + 1).put("at", at).put("action", api.service() + "@" + at));
        }
        return new ApiAnswer(api, 200, new JsonObject().put("items", items).put("total", items.size()), null, null);
    }

    @Test
    void entriesOfEveryServiceAreMergedNewestFirstWhenTheirOffsetsDiffer() {
        MergedAuditTrail.Merged merged = MergedAuditTrail.merge(List.of(
                trail(AdminApi.AUTH, "2026-12-04T10:00:03Z", "2026-12-04T10:00:00Z"),
                trail(AdminApi.USERINFO, "2026-12-04T18:00:02+08:00"),
                trail(AdminApi.QUOTA, "2026-12-04T10:00:01.500Z")));
        assertEquals(List.of("auth-service", "userinfo-service", "account-quota-service", "auth-service"),
                merged.entries().stream().map(e -> e.getString("service")).toList());
    }

    @Test
    void aRefusingServiceIsLeftOutAndTheOthersStay() {
        ApiAnswer refused = new ApiAnswer(AdminApi.QUOTA, 403, new JsonObject(), "insufficient_scope", "no");
        MergedAuditTrail.Merged merged = MergedAuditTrail.merge(List.of(trail(AdminApi.AUTH, "2026-12-04T10:00:00Z"), refused));
        assertEquals(1, merged.entries().size());
        assertEquals("account-quota-service: 403 insufficient_scope – no", merged.answers().get(1).message());
    }

    @Test
    void atMostTheNewestFiftyAreShown() {
        List<String> times = new ArrayList<>();
        for (int i = 10; i < 70; i++) {
            times.add("2026-12-04T10:00:" + (i % 60 < 10 ? "0" : "") + (i % 60) + "Z");
        }
        MergedAuditTrail.Merged merged = MergedAuditTrail.merge(List.of(trail(AdminApi.AUTH, times.subList(0, 50).toArray(String[]::new)),
                trail(AdminApi.USERINFO, "2026-12-04T11:00:00Z")));
        assertEquals(MergedAuditTrail.SHOWN, merged.entries().size());
        assertEquals("userinfo-service", merged.entries().get(0).getString("service"));
    }
}
