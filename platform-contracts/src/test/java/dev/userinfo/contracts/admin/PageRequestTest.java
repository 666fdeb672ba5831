package dev.userinfo.contracts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void whenNothingIsGivenThenPageOneWithTheListsDefaultSize() {
        assertEquals(new PageRequest(1, 20), PageRequest.of(null, null, 20, 100));
        assertEquals(new PageRequest(1, 20), PageRequest.of("", "", 20, 100));
    }

    @Test
    void whenPageAndSizeAreGivenThenTheOffsetSkipsTheEarlierPages() {
        PageRequest request = PageRequest.of("3", "100", 20, 100);
        assertEquals(3, request.page());
        assertEquals(100, request.pageSize());
        assertEquals(200, request.offset());
        assertEquals(0, PageRequest.of("1", "1", 20, 100).offset());
    }

    @Test
    void whenThePageIsTheLastAllowedThenTheOffsetDoesNotOverflow() {
        assertEquals((long) (PageRequest.MAX_PAGE - 1) * 500, PageRequest.of(Integer.toString(PageRequest.MAX_PAGE), "500", 50, 500).offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "x", "1.5", "+2", " 1", "1000001", "99999999999"})
    void whenThePageIsNotAWholeNumberInRangeThenA400Problem(String page) {
        AdminProblem problem = assertThrows(AdminProblem.class, () -> PageRequest.of(page, null, 20, 100));
        assertEquals(400, problem.status());
        assertEquals("invalid_request", problem.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "101", "ten", "1e2"})
    void whenThePageSizeIsNotAWholeNumberInRangeThenA400Problem(String size) {
        AdminProblem problem = assertThrows(AdminProblem.class, () -> PageRequest.of(null, size, 20, 100));
        assertEquals(400, problem.status());
        assertEquals("page_size must be an integer from 1 to 100", problem.getMessage());
    }
}
