"use client";
// The chains drawn left to right with @xyflow/react; positions come from elkjs in a worker
// and are kept while only statuses change. A node whose status changed flashes briefly.
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useState } from "react";
import type { ChainEdge, ChainNode } from "@/lib/chains/types";
import { HEALTH_STYLE, HealthIcon, KIND_ABBR } from "./health";
import { lastElkMs, layout, NODE_H, NODE_W, shapeKey, type Positions } from "./layout";

type ChainNodeData = { node: ChainNode; showNamespace: boolean; flash: boolean; spin: boolean };

const ChainNodeBox = memo(function ChainNodeBox({ data }: NodeProps<Node<ChainNodeData>>) {
  const { node, showNamespace, flash, spin } = data;
  const h = HEALTH_STYLE[node.health];
  return (
    <div
      data-testid="chain-node"
      data-id={node.id}
      data-health={node.health}
      style={{ width: NODE_W, height: NODE_H }}
      className={`overflow-hidden rounded-md border-2 px-2 py-1.5 text-left shadow-sm ${h.border} ${h.bg} ${flash ? "ring-4 ring-yellow-300 transition-shadow dark:ring-yellow-600" : ""}`}
      title={`${node.kind}/${node.namespace}/${node.name}: ${node.health}, ${node.status}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-zinc-400" />
      <div className="flex items-center gap-1.5 text-xs">
        <span className="rounded bg-zinc-200 px-1 font-mono text-[10px] text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">{KIND_ABBR[node.kind] ?? node.kind}</span>
        <span className="truncate font-semibold text-zinc-900 dark:text-zinc-100">{node.name}</span>
      </div>
      {showNamespace && <div className="truncate text-[10px] text-zinc-500">ns {node.namespace}</div>}
      <div className={`mt-0.5 flex items-center gap-1 text-xs ${h.cls}`}>
        <HealthIcon health={node.health} spin={spin} />
        <span className="font-medium">{node.health}</span>
      </div>
      <div data-testid="chain-node-status" className="truncate text-xs text-zinc-700 dark:text-zinc-300">
        {node.status}
      </div>
      <Handle type="source" position={Position.Right} className="!bg-zinc-400" />
    </div>
  );
});

const nodeTypes = { chain: ChainNodeBox };

export function ChainGraph({ nodes, edges, order, namespace, height = 560 }: { nodes: ChainNode[]; edges: ChainEdge[]; order?: string[]; namespace?: string; height?: number }) {
  // Node order: chain by chain when given (the layout keeps it for big graphs), else by id.
  const input = useMemo(() => ({ nodes: order ?? nodes.map((n) => n.id).sort(), edges: edges.map((e) => ({ from: e.from, to: e.to })) }), [nodes, edges, order]);
  const key = useMemo(() => shapeKey(input), [input]);
  const [positions, setPositions] = useState<{ key: string; pos: Positions; ms: number; n: number } | undefined>();
  const [error, setError] = useState<string | undefined>();

  // Re-layout only when the shape changes; statuses alone keep the positions.
  useEffect(() => {
    if (positions?.key === key) return;
    let cancelled = false;
    const t0 = performance.now();
    performance.mark("chains:layout-start");
    layout(input)
      .then((pos) => {
        performance.mark("chains:layout-end", { detail: { elkMs: lastElkMs, nodes: input.nodes.length } });
        if (!cancelled) setPositions((p) => ({ key, pos, ms: performance.now() - t0, n: (p?.n ?? 0) + 1 }));
      })
      .catch((e: unknown) => !cancelled && setError(String(e)));
    return () => {
      cancelled = true;
    };
  }, [key, input, positions?.key]);

  // Flash nodes whose health or status changed since the previous data (derived during render).
  const [prevNodes, setPrevNodes] = useState(nodes);
  const [flashing, setFlashing] = useState<Set<string>>(() => new Set());
  if (prevNodes !== nodes) {
    const before = new Map(prevNodes.map((n) => [n.id, `${n.health}|${n.status}`]));
    const changed = new Set<string>();
    for (const n of nodes) {
      const b = before.get(n.id);
      if (b !== undefined && b !== `${n.health}|${n.status}`) changed.add(n.id);
    }
    setPrevNodes(nodes);
    if (changed.size) setFlashing(changed);
  }
  useEffect(() => {
    if (!flashing.size) return;
    const t = setTimeout(() => setFlashing(new Set()), 1500);
    return () => clearTimeout(t);
  }, [flashing]);

  const rfNodes: Node<ChainNodeData>[] = useMemo(() => {
    if (!positions) return [];
    return nodes.map((n) => ({
      id: n.id,
      type: "chain",
      position: positions.pos.get(n.id) ?? { x: 0, y: 0 },
      data: { node: n, showNamespace: n.namespace !== namespace, flash: flashing.has(n.id), spin: nodes.length <= 60 },
      draggable: false,
      connectable: false,
    }));
  }, [nodes, positions, namespace, flashing]);

  const rfEdges: Edge[] = useMemo(
    () =>
      edges.map((e, i) => ({
        id: `${e.from}>${e.to}>${e.mechanism}>${i}`,
        // drawn upstream → waiter (left to right)
        source: e.to,
        target: e.from,
        label: e.container ? `${e.mechanism}` : e.mechanism,
        type: "smoothstep",
        animated: e.type === "waits-for" && nodes.find((n) => n.id === e.from)?.blockedBy?.includes(e.to) === true,
        style: e.type === "runs-after" ? { strokeDasharray: "6 4" } : undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        labelBgPadding: [4, 2] as [number, number],
        labelStyle: { fontSize: 11 },
        data: { type: e.type },
      })),
    [edges, nodes],
  );

  if (error) return <p role="alert" className="p-4 text-sm text-red-700">Layout failed: {error}</p>;
  return (
    <div style={{ height }} className="relative rounded border border-zinc-200 dark:border-zinc-800" data-testid="chain-graph" data-layout-ms={positions ? Math.round(positions.ms) : undefined}>
      {!positions && <p className="absolute inset-0 grid place-items-center text-sm text-zinc-500">Laying out {nodes.length} nodes…</p>}
      {positions && (
        <ReactFlow
          key={positions.n}
          nodes={rfNodes}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.1, maxZoom: 1.1, minZoom: nodes.length > 40 ? 0.05 : 0.6 }}
          minZoom={0.05}
          nodesDraggable={false}
          nodesConnectable={false}
          onlyRenderVisibleElements={nodes.length > 150}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}
