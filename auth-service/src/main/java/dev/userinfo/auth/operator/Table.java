package dev.userinfo.auth.operator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A read-only table of admin API items for a page: column names and each row's cells as text (Qute escapes them). */
public record Table(List<String> columns, List<List<String>> rows) {

    private static final int MAX_CELL = 400;

    /** The named fields of each item, in that order. */
    public static Table of(JsonArray items, List<String> columns) {
        List<List<String>> rows = new ArrayList<>();
        for (Object item : items) {
            JsonObject object = item instanceof JsonObject o ? o : new JsonObject();
            List<String> row = new ArrayList<>();
            for (String column : columns) {
                row.add(cell(object.getValue(column)));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    /** Every field the items have, in the order they first appear: for views whose shape is the API's own. */
    public static Table of(JsonArray items) {
        Set<String> columns = new LinkedHashSet<>();
        for (Object item : items) {
            if (item instanceof JsonObject object) {
                columns.addAll(object.fieldNames());
            }
        }
        return of(items, List.copyOf(columns));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** A scalar as it is, an object or array as compact JSON, null as nothing; long values cut. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof JsonObject || value instanceof JsonArray ? value.toString()
                : String.valueOf(value);
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL) + "…" : text;
    }
}
