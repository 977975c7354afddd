// Parsed waits per pod template, kept between structure builds: a template is parsed again
// only when its spec changes.
import type { KubeObject, PodSpec } from "@/lib/store/types";
import type { Wait } from "./types";
import { templateWaits } from "./waits";

/** Cache of parsed waits per pod template; entries not used by a build are dropped. */
export class WaitCache {
  private byKey = new Map<string, Wait[]>();
  private next = new Map<string, Wait[]>();
  // Manifest pods with equal specs share one spec object (see shareParts), across namespaces
  // too, while a parsed wait carries its namespace: key by both.
  private bySpec = new WeakMap<object, Map<string, Wait[]>>();
  parses = 0;

  get(o: KubeObject, spec: PodSpec, namespace: string): Wait[] {
    const m = o.metadata;
    // Live objects: uid + generation identify the spec (status writes do not bump it).
    // Pods have immutable containers; manifests have neither: fall back to object identity.
    const key = m.uid && (m.generation !== undefined || o.kind === "Pod") ? `${m.uid}@${m.generation ?? 0}` : undefined;
    if (key) {
      let w = this.next.get(key) ?? this.byKey.get(key);
      if (!w) {
        w = templateWaits(spec, namespace);
        this.parses++;
      }
      this.next.set(key, w);
      return w;
    }
    let perNs = this.bySpec.get(spec);
    if (!perNs) this.bySpec.set(spec, (perNs = new Map()));
    let w = perNs.get(namespace);
    if (!w) {
      w = templateWaits(spec, namespace);
      this.parses++;
      perNs.set(namespace, w);
    }
    return w;
  }
  /** Call after a build: forget templates that are gone. */
  sweep() {
    this.byKey = this.next;
    this.next = new Map();
  }
}
