// Runs once when the Next server starts. Times every HTTP request for /metrics.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { instrumentHttpServer } = await import("./lib/metrics/http");
    instrumentHttpServer();
  }
}
