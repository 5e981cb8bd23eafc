package dev.surge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import io.helidon.http.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredScopeTest {

    private final AuthSettings auth = new AuthSettings(List.of(), List.of("/health", "/metrics"));

    private RequiredScope of(Method method, String path) {
        return RequiredScope.of(auth, method, path);
    }

    @Test
    void openPathsNeedNoKey() {
        for (String path : new String[] {"/health", "/health/live", "/health/ready", "/metrics"}) {
            assertThat(of(Method.GET, path)).as(path).isEqualTo(RequiredScope.OPEN);
        }
        assertThat(RequiredScope.OPEN.keyRequired()).isFalse();
    }

    @Test
    void openPrefixesMatchWholeSegmentsOnly() {
        assertThat(of(Method.GET, "/healthz")).isEqualTo(RequiredScope.ANY_KEY);
        assertThat(of(Method.GET, "/metrics-secret")).isEqualTo(RequiredScope.ANY_KEY);
    }

    @Test
    void consolePagesAreReadWithoutAKeyButNothingBesideThem() {
        for (String path : new String[] {"/", "/console", "/console/", "/console/app.js"}) {
            assertThat(of(Method.GET, path)).as(path).isEqualTo(RequiredScope.OPEN);
            assertThat(of(Method.HEAD, path)).as(path).isEqualTo(RequiredScope.OPEN);
        }
        assertThat(of(Method.POST, "/console/app.js")).isEqualTo(RequiredScope.ANY_KEY);
        assertThat(of(Method.GET, "/consoles")).isEqualTo(RequiredScope.ANY_KEY);
        assertThat(of(Method.GET, "/console/../v1/inventory")).isEqualTo(RequiredScope.READ);
        assertThat(of(Method.GET, "/console/../v1/admin")).isEqualTo(RequiredScope.ADMIN);
    }

    @Test
    void v1MetricsIsReadNotOpen() {
        assertThat(of(Method.GET, "/v1/metrics/orders")).isEqualTo(RequiredScope.READ);
    }

    @Test
    void adminPathsNeedAdminWhateverTheMethod() {
        assertThat(of(Method.PUT, "/v1/admin/inventory/sku-1")).isEqualTo(RequiredScope.ADMIN);
        assertThat(of(Method.POST, "/v1/admin/inventory/sku-1/restock")).isEqualTo(RequiredScope.ADMIN);
        assertThat(of(Method.GET, "/v1/admin/inventory/sku-1")).isEqualTo(RequiredScope.ADMIN);
        assertThat(of(Method.GET, "/v1/admin")).isEqualTo(RequiredScope.ADMIN);
        assertThat(RequiredScope.ADMIN.scope()).contains(Scope.ADMIN);
    }

    @Test
    void metricsAndLagNeedAdminUnlessOpenedOnPurpose() {
        AuthSettings healthOnly = new AuthSettings(List.of(), List.of("/health"));

        assertThat(RequiredScope.of(healthOnly, Method.GET, "/metrics")).isEqualTo(RequiredScope.ADMIN);
        assertThat(RequiredScope.of(healthOnly, Method.GET, "/v1/lag")).isEqualTo(RequiredScope.ADMIN);
        assertThat(RequiredScope.of(healthOnly, Method.GET, "/v1//lag")).isEqualTo(RequiredScope.ADMIN);
        assertThat(RequiredScope.of(healthOnly, Method.GET, "/v1/lagging")).isEqualTo(RequiredScope.READ);
        // AUTH_OPEN_PATHS still decides first: an operator who lists /metrics scrapes it without a key.
        assertThat(of(Method.GET, "/metrics")).isEqualTo(RequiredScope.OPEN);
    }

    @Test
    void readsNeedRead() {
        assertThat(of(Method.GET, "/v1/orders/o-1")).isEqualTo(RequiredScope.READ);
        assertThat(of(Method.HEAD, "/v1/orders/o-1")).isEqualTo(RequiredScope.READ);
        assertThat(of(Method.GET, "/v1/inventory/sku-1")).isEqualTo(RequiredScope.READ);
        assertThat(of(Method.GET, "/v1/administrators")).isEqualTo(RequiredScope.READ);
    }

    @Test
    void writesNeedIngest() {
        assertThat(of(Method.POST, "/v1/orders")).isEqualTo(RequiredScope.ORDERS);
        assertThat(of(Method.POST, "/v1/events")).isEqualTo(RequiredScope.EVENTS);
        assertThat(of(Method.POST, "/v1/events/../orders")).isEqualTo(RequiredScope.ORDERS);
        assertThat(of(Method.DELETE, "/v1/orders/o-1")).isEqualTo(RequiredScope.ORDERS);
        // Ending a reservation is the buyer's (or its payment service's) write, like placing the order.
        assertThat(of(Method.POST, "/v1/orders/o-1/confirm")).isEqualTo(RequiredScope.ORDERS);
        assertThat(of(Method.POST, "/v1/orders/o-1/cancel")).isEqualTo(RequiredScope.ORDERS);
    }

    @Test
    void pathsOutsideTheApiNeedSomeKey() {
        // "/" only sends a browser to the console (consolePagesAreReadWithoutAKey...).
        for (String path : new String[] {"/admin", "/v2/orders", "/wp-login.php", "/v1orders"}) {
            assertThat(of(Method.GET, path)).as(path).isEqualTo(RequiredScope.ANY_KEY);
        }
        assertThat(RequiredScope.ANY_KEY.keyRequired()).isTrue();
        assertThat(RequiredScope.ANY_KEY.scope()).isEmpty();
    }

    @Test
    void dotAndEmptySegmentsCannotDisguiseAPath() {
        assertThat(of(Method.GET, "/health/../v1/orders/o-1")).isEqualTo(RequiredScope.READ);
        assertThat(of(Method.PUT, "/v1//admin/inventory/sku-1")).isEqualTo(RequiredScope.ADMIN);
        assertThat(of(Method.PUT, "/v1/./admin/inventory/sku-1")).isEqualTo(RequiredScope.ADMIN);
        assertThat(of(Method.GET, "/../../health")).isEqualTo(RequiredScope.OPEN);
    }

    @Test
    void configuredOpenPathsReplaceTheDefaults() {
        AuthSettings custom = new AuthSettings(List.of(), List.of("/status"));

        assertThat(RequiredScope.of(custom, Method.GET, "/status/deep")).isEqualTo(RequiredScope.OPEN);
        assertThat(RequiredScope.of(custom, Method.GET, "/health")).isEqualTo(RequiredScope.ANY_KEY);
    }
}
