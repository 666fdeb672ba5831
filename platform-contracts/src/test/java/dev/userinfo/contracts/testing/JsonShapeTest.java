package dev.userinfo.contracts.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonShapeTest {

    private static final String EXAMPLE = """
            {"code": 200, "data": {"uid": "1", "tags": [{"id": "8"}], "gone": null}, "msg": "ok"}""";

    @Test
    void sameShapeOtherValuesMatches() {
        assertDoesNotThrow(() -> JsonShape.assertMatches(EXAMPLE, """
                {"code": 200, "data": {"uid": "77", "tags": [{"id": "1"}, {"id": "2"}], "gone": null}, "msg": "x"}""",
                "/code"));
    }

    @Test
    void keyOrderTypeNullArraysAndValuesAreChecked() {
        String[] wrong = {
                """
                {"data": {"uid": "1", "tags": [{"id": "8"}], "gone": null}, "code": 200, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": 1, "tags": [{"id": "8"}], "gone": null}, "msg": "ok"}""",
                """
                {"code": 200.5, "data": {"uid": "1", "tags": [{"id": "8"}], "gone": null}, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": "1", "tags": [{"id": "8"}], "gone": ""}, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": "1", "tags": [], "gone": null}, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": "1", "tags": [{"id": 8}], "gone": null}, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": "1", "tags": [{"id": "8"}]}, "msg": "ok"}""",
                """
                {"code": 200, "data": {"uid": "1", "tags": [{"id": "8"}], "gone": null, "more": 1}, "msg": "ok"}""",
                """
                {"code": 401, "data": {"uid": "1", "tags": [{"id": "8"}], "gone": null}, "msg": "ok"}"""};
        for (String actual : wrong) {
            assertThrows(AssertionError.class, () -> JsonShape.assertMatches(EXAMPLE, actual, "/code"), actual);
        }
    }
}
