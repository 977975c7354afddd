// The Kubernetes version an API server reports (GET /version), as "major.minor". Some
// distributions decorate it ("minor": "37+" on EKS/GKE, an empty major on a few forks),
// so digits are taken from major/minor and, failing that, from gitVersion ("v1.37.2-eks-…").

export interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
}

/** "1.37" from /version's answer, or undefined when it carries no usable version. */
export function parseServerVersion(v: VersionInfo | null | undefined): string | undefined {
  if (!v || typeof v !== "object") return undefined;
  const major = /^\d+/.exec(String(v.major ?? ""))?.[0];
  const minor = /^\d+/.exec(String(v.minor ?? ""))?.[0];
  if (major && minor) return `${Number(major)}.${Number(minor)}`;
  const git = /^v?(\d+)\.(\d+)/.exec(String(v.gitVersion ?? ""));
  return git ? `${Number(git[1])}.${Number(git[2])}` : undefined;
}
