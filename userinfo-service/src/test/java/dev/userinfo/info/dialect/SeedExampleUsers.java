package dev.userinfo.info.dialect;

import dev.userinfo.info.ServiceTest;
import io.restassured.http.ContentType;

/** The users of the seeds' example responses, rebuilt with our data through the admin API, for the dialect tests. */
abstract class SeedExampleUsers extends ServiceTest {

    /** Seed 002's 正确时返回 user: account Test2022#11111111, nickname t**, gender 1, organisation 10020027 with role 教职工. */
    protected long seed002User() {
        long userId = createUser("Test2022#11111111", "tom", "tom@example.com", "+8613812345678");
        admin().contentType(ContentType.JSON).body("{\"gender\":1}").patch("/admin/profiles/" + userId).then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"org_code\":\"10020027\",\"org_name\":\"027 新增职业高中测试\"}")
                .put("/admin/orgs/1594497749264621570").then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"role_code\":\"js_000008\",\"role_name\":\"教职工\"}")
                .put("/admin/roles/8").then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"role_ids\":[8]}")
                .put("/admin/profiles/" + userId + "/orgs/1594497749264621570").then().statusCode(204);
        return userId;
    }

    /**
     * Seed 004's 成功响应示例 user in the registered app {@code appId}: 张三, user@example.com (the 请求示例's), the example's
     * avatar, custom groups 2 and 4 ("2,4"), last login from 36.110.1.2 (CN in the IP database).
     */
    protected long seed004User(long appId) {
        long userId = createUser("zhangsan", "张三", "user@example.com", null);
        admin().contentType(ContentType.JSON).body("{\"name\":\"beta\"}").put("/admin/apps/" + appId + "/groups/2").then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"name\":\"vip\"}").put("/admin/apps/" + appId + "/groups/4").then().statusCode(200);
        admin().put("/admin/apps/" + appId + "/groups/4/members/" + userId).then().statusCode(204);
        admin().put("/admin/apps/" + appId + "/groups/2/members/" + userId).then().statusCode(204);
        admin().contentType(ContentType.JSON).body("{\"avatar\":\"https://example.com/avatar.jpg\",\"last_login_ip\":\"36.110.1.2\"}")
                .patch("/admin/profiles/" + userId).then().statusCode(200);
        return userId;
    }
}
