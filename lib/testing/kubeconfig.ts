// A kubeconfig with one cluster (a token that is not real) and two contexts, "first" current.
export const TWO_CONTEXT_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
users:
- name: u1
  user: {token: not-a-real-token}
contexts:
- name: first
  context: {cluster: c1, user: u1}
- name: second
  context: {cluster: c1, user: u1, namespace: x}
current-context: first
`;
