package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class AdminRouterTest {

  private static final AdminRouter.Handler OK = r -> AdminResponse.ok(null);

  @Test
  void aRouteWithoutAnAccessDeclarationIsRefusedWhenRegistered() {
    AdminRouter router = new AdminRouter();

    assertThatThrownBy(() -> router.get("/budgets", null, OK))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("no access declared for GET /budgets");
  }

  @Test
  void aRouteRegisteredTwiceIsRefused() {
    AdminRouter router = new AdminRouter().get("/x", Access.READ, OK);

    assertThatThrownBy(() -> router.get("/x", Access.ADMIN_ONLY, OK))
        .hasMessage("GET /x is registered twice");
  }

  @Test
  void aMatchCarriesItsAccessAndTheTableListsEveryRoute() {
    AdminRouter router =
        new AdminRouter()
            .list("/keys", Access.READ, "Key", OK)
            .patch("/keys/{id}", Access.WRITE, AdminRouter.Doc.takes("KeyUpdate", "Key"), OK)
            .delete("/keys/{id}", Access.ADMIN_ONLY, OK);

    AdminRouter.Match m = router.match(HttpMethod.PATCH, "/keys/k1");

    assertThat(m.access()).isEqualTo(Access.WRITE);
    assertThat(m.params()).containsEntry("id", "k1");
    assertThat(router.table())
        .containsExactly(
            new AdminRoute("GET", "/keys", Access.READ, true, "", "KeyPage"),
            new AdminRoute("PATCH", "/keys/{id}", Access.WRITE, false, "KeyUpdate", "Key"),
            new AdminRoute("DELETE", "/keys/{id}", Access.ADMIN_ONLY, false, null, null));
  }

  @Test
  void aRouteNamingASchemaThatDoesNotExistIsRefusedWhenRegistered() {
    AdminRouter router = new AdminRouter();

    assertThatThrownBy(
            () -> router.post("/x", Access.ADMIN_ONLY, AdminRouter.Doc.takes("Nope", "Key"), OK))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Nope");
  }

  @Test
  void onlyALongReadRunsOutsideTheAdminQueuesOrderAndItIsStillAPagedList() {
    AdminRouter router =
        new AdminRouter()
            .list("/keys", Access.READ, "Key", OK)
            .longList("/recommendations", Access.READ_ALL, "Recommendation", OK)
            .post("/keys", Access.WRITE, OK);

    assertThat(router.match(HttpMethod.GET, "/keys").ordered()).isTrue();
    assertThat(router.match(HttpMethod.POST, "/keys").ordered()).isTrue();
    assertThat(router.match(HttpMethod.GET, "/recommendations").ordered()).isFalse();
    assertThat(router.table())
        .contains(
            new AdminRoute(
                "GET", "/recommendations", Access.READ_ALL, true, "", "RecommendationPage"));
  }
}
