// Runs once when the Next server starts: the HTTP front door (request checks, timings for
// /metrics, 5xx logging), settings worth a warning before the first request, and the idle
// collector (lib/http/idle-gc.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { instrumentHttpServer } = await import("./lib/http/server");
    instrumentHttpServer();
    const { logStartupSettings } = await import("./lib/http/startup");
    logStartupSettings(process.env);
    const { startIdleCollector } = await import("./lib/http/idle-gc");
    startIdleCollector();
  }
}
