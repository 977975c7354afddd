"use client";
// The chains drawn left to right with @xyflow/react; positions come from layout.ts (small
// chains laid out in the page, bigger ones by elkjs in a worker) and are kept while only
// statuses change. A node whose status changed flashes briefly.
// Drawn in one pass: nodes come with their size and handles and the viewport is fitted here,
// so React Flow shows nodes and edges on its first render instead of measuring first.
import { Background, BaseEdge, Controls, getSmoothStepPath, getViewportForBounds, Handle, MarkerType, Position, ReactFlow, type Edge, type EdgeProps, type Node, type NodeHandle, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { ChainEdge, ChainNode } from "@/lib/api/wire";
import { HEALTH_STYLE, HealthIcon, KIND_ABBR } from "./health";
import { layoutOnce, NODE_H, NODE_W, shapeKey, warmUpWhenIdle, type LayoutResult, type Positions } from "./layout";

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
      title={`${node.kind}/${node.namespace}/${node.name}: ${node.health}, ${node.status}${node.ownStatus ? ` (own status: ${node.ownHealth ?? node.health}, ${node.ownStatus})` : ""}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-zinc-400" />
      <div className="flex items-center gap-1.5 text-xs">
        <span className="rounded bg-zinc-200 px-1 font-mono text-[10px] text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">{KIND_ABBR[node.kind] ?? node.kind}</span>
        <span className="truncate font-semibold text-zinc-900 dark:text-zinc-100">{node.name}</span>
      </div>
      {showNamespace && <div className="truncate text-[10px] text-zinc-600 dark:text-zinc-400">ns {node.namespace}</div>}
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

// Where React Flow's default handle CSS puts the two handles (6 px, centred on the left and
// right borders): given up front, so edges are drawn before React Flow measures the nodes.
const HANDLES: NodeHandle[] = [
  { type: "target", position: Position.Left, x: -3, y: NODE_H / 2 - 3, width: 6, height: 6 },
  { type: "source", position: Position.Right, x: NODE_W - 3, y: NODE_H / 2 - 3, width: 6, height: 6 },
];

const SIZE = { width: NODE_W, height: NODE_H };

type ChainEdgeData = { label: string };

/** A smooth-step edge whose label needs no measuring (a text with a halo instead of a box). */
const ChainEdgeLine = memo(function ChainEdgeLine({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, data }: EdgeProps<Edge<ChainEdgeData>>) {
  const [path, x, y] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={0} />
      <text
        x={x}
        y={y}
        textAnchor="middle"
        dominantBaseline="central"
        data-testid="chain-edge-label"
        className="react-flow__edge-text fill-zinc-700 stroke-white text-[11px] [paint-order:stroke] [stroke-linejoin:round] [stroke-width:4px] dark:fill-zinc-300 dark:stroke-zinc-950"
      >
        {data?.label}
      </text>
    </>
  );
}, sameEdgeDrawing);

/**
 * React Flow measures the handles once after the first paint and hands every edge ends that
 * differ from the declared ones by rounding only; redrawing 240 edges for that is wasted.
 */
function sameEdgeDrawing(a: EdgeProps<Edge<ChainEdgeData>>, b: EdgeProps<Edge<ChainEdgeData>>): boolean {
  const near = (p: number, q: number) => Math.abs(p - q) < 0.5;
  return (
    near(a.sourceX, b.sourceX) &&
    near(a.sourceY, b.sourceY) &&
    near(a.targetX, b.targetX) &&
    near(a.targetY, b.targetY) &&
    a.sourcePosition === b.sourcePosition &&
    a.targetPosition === b.targetPosition &&
    a.id === b.id &&
    a.data === b.data &&
    a.style === b.style &&
    a.markerEnd === b.markerEnd &&
    a.animated === b.animated &&
    a.selected === b.selected
  );
}

const edgeTypes = { chain: ChainEdgeLine };

export function ChainGraph({ nodes, edges, order, namespace, height = 560 }: { nodes: ChainNode[]; edges: ChainEdge[]; order?: string[]; namespace?: string; height?: number }) {
  // Node order: chain by chain when given (ELK keeps it), else by id.
  const input = useMemo(() => ({ nodes: order ?? nodes.map((n) => n.id).sort(), edges: edges.map((e) => ({ from: e.from, to: e.to })) }), [nodes, edges, order]);
  const key = useMemo(() => shapeKey(input), [input]);
  // Asked for during render: small chains are laid out right here, and a big one's worker
  // starts while React still commits the page; layoutOnce keeps one request per shape key
  // (statuses alone never ask again).
  const request = useMemo(() => layoutOnce(key, input), [key, input]);
  const box = useRef<HTMLDivElement>(null);
  const [laid, setLaid] = useState<{ key: string; result: LayoutResult }>();
  const [drawn, setDrawn] = useState<{ key: string; pos: Positions; width: number; ms: number; n: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  // The drawing area's width as the browser reports it after its own layout: reading
  // clientWidth when the positions arrive would force a layout of the whole page first
  // (about 140 ms with 300 objects listed below the graph).
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([e]) => setWidth(e.contentRect.width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // Laid out but no width reported (hidden, or no ResizeObserver): after a moment, the width
  // the area has, or a guess, rather than "Laying out…" for ever.
  useEffect(() => {
    if (!laid || width > 0) return;
    const t = setTimeout(() => setWidth(box.current?.clientWidth || 1200), 300);
    return () => clearTimeout(t);
  }, [laid, width]);

  useEffect(() => {
    if (drawn?.key === key) return;
    let cancelled = false;
    request.then((result) => !cancelled && setLaid({ key, result })).catch((e: unknown) => !cancelled && setError(String(e)));
    return () => {
      cancelled = true;
    };
  }, [key, request, drawn?.key]);

  // The rows of chains follow the drawing area's proportions, fixed once per shape (derived
  // during render as soon as both the layout and the width are known).
  if (laid?.key === key && width > 0 && drawn?.key !== key) {
    const r = laid.result;
    const pos = r.place(width / height);
    performance.mark("chains:layout-end", { detail: { elkMs: r.elkMs, elkNodes: r.elkNodes, smallNodes: r.smallNodes, smallMs: r.smallMs, chains: r.chains } });
    setDrawn((p) => ({ key, pos, width, ms: performance.now() - r.startedAt, n: (p?.n ?? 0) + 1 }));
  }

  // Once something is drawn, ELK is loaded in idle time for bigger chains that may come.
  const hasDrawn = drawn !== undefined;
  useEffect(() => (hasDrawn ? warmUpWhenIdle() : undefined), [hasDrawn]);

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

  const small = nodes.length <= 60;
  // While a changed graph is laid out again (ELK can take a moment), objects not laid out yet
  // are left out rather than piled up in a corner; the rest keep their places meanwhile.
  const rfNodes: Node<ChainNodeData>[] = useMemo(() => {
    if (!drawn) return [];
    return nodes.flatMap((n) => {
      const position = drawn.pos.get(n.id);
      if (!position) return [];
      return [
        {
          id: n.id,
          type: "chain",
          position,
          width: NODE_W,
          height: NODE_H,
          // known, not measured: React Flow keeps its nodes "initialized" through status updates
          measured: SIZE,
          handles: HANDLES,
          data: { node: n, showNamespace: n.namespace !== namespace, flash: flashing.has(n.id), spin: small },
          draggable: false,
          connectable: false,
        },
      ];
    });
  }, [nodes, drawn, namespace, flashing, small]);

  const rfEdges: Edge<ChainEdgeData>[] = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const shown = (id: string) => drawn?.pos.has(id) === true;
    return edges.flatMap((e, i) => {
      if (!shown(e.from) || !shown(e.to)) return [];
      return [
        {
          id: `${e.from}>${e.to}>${e.mechanism}>${i}`,
          // drawn upstream → waiter (left to right)
          source: e.to,
          target: e.from,
          type: "chain",
          // Moving dashes on a blocked wait; not in big graphs (hundreds of animations cost paint).
          animated: small && e.type === "waits-for" && byId.get(e.from)?.blockedBy?.includes(e.to) === true,
          style: e.type === "runs-after" ? { strokeDasharray: "6 4" } : undefined,
          markerEnd: { type: MarkerType.ArrowClosed },
          data: { label: e.mechanism },
        },
      ];
    });
  }, [edges, nodes, small, drawn]);

  // The viewport that fits every node, computed here rather than by React Flow's fitView
  // (which waits for its own measuring pass and then moves everything once more).
  const minZoom = nodes.length > 40 ? 0.05 : 0.6;
  const viewport = useMemo(() => {
    if (!drawn || drawn.width <= 0) return undefined;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of drawn.pos.values()) {
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x + NODE_W);
      y1 = Math.max(y1, p.y + NODE_H);
    }
    if (x0 === Infinity) return undefined;
    const vp = getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, drawn.width, height, minZoom, 1.1, 0.1);
    // Too big to fit at a readable zoom: start at the top left (where chains begin) rather
    // than in the middle with both sides cut off.
    const margin = 12;
    if ((x1 - x0) * vp.zoom > drawn.width) vp.x = margin - x0 * vp.zoom;
    if ((y1 - y0) * vp.zoom > height) vp.y = margin - y0 * vp.zoom;
    return vp;
  }, [drawn, height, minZoom]);

  if (error) return <p role="alert" className="p-4 text-sm text-red-700">Layout failed: {error}</p>;
  return (
    <div ref={box} style={{ height }} className="relative rounded border border-zinc-200 [contain:strict] dark:border-zinc-800" data-testid="chain-graph" data-layout-ms={drawn ? Math.round(drawn.ms) : undefined}>
      {!drawn && <p className="absolute inset-0 grid place-items-center text-sm text-zinc-500">Laying out {nodes.length} nodes…</p>}
      {drawn && (
        <ReactFlow
          key={drawn.n}
          nodes={rfNodes}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultViewport={viewport}
          fitView={!viewport}
          fitViewOptions={{ padding: 0.1, maxZoom: 1.1, minZoom }}
          minZoom={0.05}
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
          // React Flow themes its own parts (zoom buttons, background, edge labels) only when
          // told: without it they stayed light on the dark page (blank white buttons).
          colorMode="system"
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}
