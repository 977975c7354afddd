// Runs once when the Next server starts: the HTTP front door (request checks, timings for
// /metrics, 5xx logging), and settings worth a warning before the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { instrumentHttpServer } = await import("./lib/http/server");
    instrumentHttpServer();
    const { logStartupSettings } = await import("./lib/http/startup");
    logStartupSettings(process.env);
  }
}
