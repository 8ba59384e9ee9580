package dev.tollgate.admin;

/**
 * One route of the admin API, for documentation: {@code GET}, {@code /keys/{id}} (relative to
 * {@code /admin/v1}), who may call it, whether it is a list paged by {@code ?limit=&after=}, and
 * the names of the schemas ({@link AdminApi#schemas()}) of its body and its answer (of a paged
 * list, its items).
 *
 * @param request the body's schema; "" when the route takes no body, null when not declared
 * @param response the answer's schema; null when not declared
 */
public record AdminRoute(
    String method,
    String template,
    Access access,
    boolean paged,
    String request,
    String response) {}
