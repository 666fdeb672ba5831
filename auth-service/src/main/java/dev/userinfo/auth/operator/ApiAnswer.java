package dev.userinfo.auth.operator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What one admin API call answered: a status and, when it succeeded, its JSON. A refusal keeps the RFC 9457 admin
 * problem's {@code error} and {@code detail}, which the page shows as they are (never a stack trace).
 */
public record ApiAnswer(AdminApi api, int status, Object json, String error, String detail) {

    /** No answer at all (not configured, unreachable, timed out): status 0. */
    static ApiAnswer unreachable(AdminApi api, String why) {
        return new ApiAnswer(api, 0, null, "unreachable", why);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public JsonObject object() {
        return json instanceof JsonObject object ? object : new JsonObject();
    }

    public JsonArray array() {
        return json instanceof JsonArray array ? array : new JsonArray();
    }

    /** The items of a paged list ({@code {items, total, page, page_size}}) or of a bare array. */
    public JsonArray items() {
        if (json instanceof JsonArray array) {
            return array;
        }
        JsonObject object = object();
        // account-quota-service's ledger answers in seed 003's envelope: {data: {items …}, success, message}.
        JsonObject page = object.getValue("data") instanceof JsonObject data ? data : object;
        return page.getValue("items") instanceof JsonArray items ? items : new JsonArray();
    }

    /** One line for the page: the service, the status and the problem's code and detail. */
    public String message() {
        String where = api.service + ": ";
        if (status == 0) {
            return where + detail;
        }
        return where + status + (error == null ? "" : " " + error) + (detail == null || detail.isBlank() ? "" : " – " + detail);
    }
}
