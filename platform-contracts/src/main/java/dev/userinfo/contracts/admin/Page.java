package dev.userinfo.contracts.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/** One page of an admin list: {@code {items, total, page, page_size}}. */
@RegisterForReflection
public record Page<T>(List<T> items, long total, int page, @JsonProperty("page_size") int pageSize) {

    public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
        return new Page<>(items, total, request.page(), request.pageSize());
    }

    public <R> Page<R> map(Function<T, R> view) {
        return new Page<>(items.stream().map(view).toList(), total, page, pageSize);
    }
}
