package dev.tollgate.admin;

/**
 * One route of the admin API, for documentation: {@code GET}, {@code /keys/{id}} (relative to
 * {@code /admin/v1}), who may call it, and whether it is a list paged by {@code ?limit=&after=}.
 */
public record AdminRoute(String method, String template, Access access, boolean paged) {}
