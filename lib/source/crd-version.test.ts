import { describe, expect, it } from "vitest";
import type { ApiResource } from "@/lib/store/types";
import { KIND_API } from "./kinds";
import { crdVersion } from "./live";

const helm = KIND_API.HelmRelease.crd!; // Rolecall reads v2, v2beta2, v2beta1
const served = (versions: string[]): ApiResource[] => [
  { group: "apps", version: "v1", versions: ["v1"], resource: "deployments", kind: "Deployment", namespaced: true, verbs: ["list"] },
  { group: helm.group, version: versions[0], versions, resource: helm.resource, kind: "HelmRelease", namespaced: true, verbs: ["list", "watch"] },
];

describe("crdVersion: the version a Flux kind is watched in", () => {
  it("the cluster's preferred version when Rolecall knows it", () => {
    expect(crdVersion(helm, served(["v2", "v2beta2"]))).toBe("v2");
    expect(crdVersion(helm, served(["v2beta1", "v2beta2"]))).toBe("v2beta1");
  });
  it("a known version still served when the preferred one is newer than Rolecall", () => {
    expect(crdVersion(helm, served(["v3", "v2beta2", "v2"]))).toBe("v2");
    expect(crdVersion(helm, served(["v3", "v2beta1"]))).toBe("v2beta1");
  });
  it("the preferred version when no version Rolecall knows is served", () => {
    expect(crdVersion(helm, served(["v3"]))).toBe("v3");
  });
  it("null when the resource is not served at all", () => {
    expect(crdVersion(helm, served(["v2"]).slice(0, 1))).toBeNull();
  });
  it("reads a discovery entry without its version list by its one version", () => {
    const [, r] = served(["v2beta2"]);
    expect(crdVersion(helm, [{ ...r, versions: undefined }])).toBe("v2beta2");
  });
});
