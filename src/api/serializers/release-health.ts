import type { App } from '../../core/apps/app.js'
import type { AutoRollbackSettings } from '../../core/health/auto-rollback-settings.js'
import type { ReleaseHealthReport, ReleaseMetrics } from '../../services/release-health.js'

function serializeReport(report: ReleaseHealthReport) {
  const { release, health } = report
  return {
    release: { id: release.id, version: release.version, description: release.description, created_at: release.createdAt.toISOString() },
    from: report.from?.toISOString() ?? null,
    to: report.to?.toISOString() ?? null,
    requests: health.requests,
    status: health.status,
    error_rate: health.errorRate,
    service_time_ms: health.serviceMs,
    router_errors: health.codes,
    dynos: health.dynos,
    minutes: report.minutes.map((m) => ({ at: m.at.toISOString(), requests: m.requests, status_5xx: m.status5xx, p95_ms: m.p95Ms })),
  }
}

/** A release's health beside the one it is compared with (Berth's own shape; docs/api.md). */
export function serializeReleaseMetrics(metrics: ReleaseMetrics) {
  return { app: { id: metrics.app.id, name: metrics.app.name }, ...serializeReport(metrics), compare: metrics.compare && serializeReport(metrics.compare) }
}

export function serializeAutoRollback(app: App, settings: AutoRollbackSettings) {
  return {
    app: { id: app.id, name: app.name },
    enabled: settings.enabled,
    error_rate: settings.errorRate,
    p95_factor: settings.p95Factor,
    max_crashes: settings.maxCrashes,
    window_seconds: settings.windowSeconds,
    min_requests: settings.minRequests,
  }
}
