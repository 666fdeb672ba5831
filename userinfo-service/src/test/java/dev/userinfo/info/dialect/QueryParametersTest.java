package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.userinfo.info.dialect.QueryParameters.Invalid;
import dev.userinfo.info.dialect.QueryParameters.Problem;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Seed query parameters: each at most once and at most 2048 characters, the dialect mapping the problem. */
class QueryParametersTest {

    private static QueryParameters query(String... nameValue) {
        MultivaluedHashMap<String, String> map = new MultivaluedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.add(nameValue[i], nameValue[i + 1]);
        }
        return new QueryParameters(map);
    }

    private static void invalid(Problem problem, String name, Runnable read) {
        Invalid e = assertThrows(Invalid.class, read::run);
        assertEquals(problem, e.problem);
        assertEquals(name, e.name);
    }

    @Test
    void optionalWhenPresentOnceThenItsValue() {
        assertEquals("42", query("open_id", "42").optional("open_id"));
    }

    @Test
    void optionalWhenAbsentThenNull() {
        assertNull(query("a", "1").optional("open_id"));
        MultivaluedHashMap<String, String> emptyList = new MultivaluedHashMap<>();
        emptyList.put("open_id", new ArrayList<>());
        assertNull(new QueryParameters(emptyList).optional("open_id"));
    }

    @Test
    void optionalWhenEmptyThenEmpty() {
        assertEquals("", query("open_id", "").optional("open_id"));
    }

    @Test
    void optionalWhenRepeatedThenRepeated() {
        invalid(Problem.REPEATED, "open_id", () -> query("open_id", "1", "open_id", "1").optional("open_id"));
    }

    @Test
    void optionalWhenLongerThan2048CharactersThenTooLong() {
        assertEquals(2048, query("open_id", "x".repeat(2048)).optional("open_id").length());
        invalid(Problem.TOO_LONG, "open_id", () -> query("open_id", "x".repeat(2049)).optional("open_id"));
    }

    @Test
    void requiredWhenPresentThenItsValue() {
        assertEquals("42", query("open_id", "42").required("open_id"));
    }

    @Test
    void requiredWhenAbsentOrEmptyThenMissing() {
        invalid(Problem.MISSING, "open_id", () -> query().required("open_id"));
        invalid(Problem.MISSING, "open_id", () -> query("open_id", "").required("open_id"));
    }

    @Test
    void requiredWhenRepeatedThenRepeatedNotMissing() {
        invalid(Problem.REPEATED, "open_id", () -> query("open_id", "", "open_id", "").required("open_id"));
    }
}
