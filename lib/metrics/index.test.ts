import { describe, expect, it } from "vitest";
import { recordStore, renderMetrics, trackSseStream, observeRequest } from "./index";

describe("metrics", () => {
  it("renders informer state, restarts, store version, SSE streams and request durations", async () => {
    recordStore({
      version: 42,
      synced: false,
      kinds: [
        { kind: "Pod", state: "synced", restarts: 3 },
        { kind: "Job", state: "not-permitted", restarts: 0 },
        { kind: "Role", state: "syncing", restarts: 1 },
      ],
    });
    const close = trackSseStream();
    trackSseStream()();
    observeRequest("GET", "/api/v1/findings", 200, 0.02);
    const { body, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain("rolecall_store_version 42");
    expect(body).toContain("rolecall_store_synced 0");
    expect(body).toContain('rolecall_informer_synced{kind="Pod"} 1');
    expect(body).toContain('rolecall_informer_synced{kind="Job"} 1');
    expect(body).toContain('rolecall_informer_synced{kind="Role"} 0');
    expect(body).toContain('rolecall_informer_state{kind="Role",state="syncing"} 1');
    expect(body).toContain('rolecall_informer_restarts{kind="Pod"} 3');
    expect(body).toContain("rolecall_sse_streams_open 1");
    expect(body).toContain("rolecall_sse_streams_total 2");
    expect(body).toMatch(/rolecall_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/findings",status="200"\} 1/);
    close();
    close();
    expect((await renderMetrics()).body).toContain("rolecall_sse_streams_open 0");
  });
});
