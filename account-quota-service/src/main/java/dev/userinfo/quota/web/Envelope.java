package dev.userinfo.quota.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Seed 003's envelope, {@code {"data":…,"message":"","success":true}}, also used by the quota write API so a
 * client reads every answer of this service the same way. {@code error} is a stable code for machines.
 * A refusal carries no {@code data}, as new-api's (QuantumNous/new-api common/gin.go {@code ApiError} and
 * middleware/auth.go answer {@code {"success":false,"message":…}}); only a refusal that has figures to show sets it
 * (409 {@code insufficient_quota}, README).
 */
@RegisterForReflection
@JsonPropertyOrder({"data", "message", "success"})
public record Envelope(@JsonInclude(JsonInclude.Include.ALWAYS) Object data, String message, boolean success) {

    /** A refusal: {@code data} only when it has something to show, {@code error} the stable code. */
    @RegisterForReflection
    @JsonPropertyOrder({"data", "message", "success", "error"})
    public record Refusal(@JsonInclude(JsonInclude.Include.NON_NULL) Object data, String message, boolean success,
                          String error) {
    }

    public static Response ok(Object data) {
        return Response.ok(new Envelope(data, "", true), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** 200 with data, and a header (e.g. the replay marker of an idempotent write). */
    public static Response ok(Object data, String header, String value) {
        return Response.ok(new Envelope(data, "", true), MediaType.APPLICATION_JSON_TYPE).header(header, value).build();
    }

    /** In Chinese like seed 003's other messages; new-api says 请稍后重试 (i18n/locales/zh-CN.yaml common.retry_later). */
    public static final String UNAVAILABLE = "服务暂时不可用，未做任何更改，请稍后重试";

    /** Anything that is not a refusal of ours (database down, a bug): logged by the caller, never shown. */
    public static Response unavailable() {
        return error(503, "try_again", UNAVAILABLE);
    }

    /** 200 with a message; {@code data} is present even when null, as new-api's ApiSuccessI18n (common/gin.go). */
    public static Response ok(Object data, String message) {
        return Response.ok(new Envelope(data, message, true), MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static Response error(int status, String error, String message) {
        return error(status, error, message, null);
    }

    public static Response error(int status, String error, String message, Object data) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Refusal(data, message, false, error));
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer");   // RFC 6750 §3: a 401 names the scheme it wants
        }
        return builder.build();
    }

    public static Response error(ApiError e) {
        return error(e.status(), e.code(), e.getMessage(), e.data());
    }
}
