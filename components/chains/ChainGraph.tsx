"use client";
// The chains drawn left to right with @xyflow/react; positions come from layout.ts (small
// chains laid out in the page, bigger ones by elkjs in a worker) and are kept while only
// statuses change. A node whose status changed flashes briefly.
// Drawn in one pass: nodes come with their size and handles and the viewport is fitted here,
// so React Flow shows nodes and edges on its first render instead of measuring first.
import { Background, BaseEdge, ControlButton, getSmoothStepPath, Handle, MarkerType, Panel, Position, ReactFlow, useReactFlow, type Edge, type EdgeProps, type Node, type NodeHandle, type NodeProps, type Viewport } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ChainEdge, ChainNode } from "@/lib/api/wire";
import { HEALTH_STYLE, HealthIcon, KIND_ABBR } from "./health";
import { Legend } from "./Legend";
import { layoutOnce, NODE_H, NODE_W, shapeKey, warmUpWhenIdle, type LayoutResult, type Positions } from "./layout";

type ChainNodeData = { node: ChainNode; showNamespace: boolean; flash: boolean; spin: boolean; selected: boolean };

/** The node's name is drawn at 14 px: at this zoom or more it renders at 11 px or more. */
export const READABLE_ZOOM = 11 / 14;
/** The strip at the top of the drawing area that holds the zoom buttons and the legend: nodes start below it at fit. */
const TOOLBAR = 44;
/** Space around the drawing at fit. */
const PAD = 12;

const ChainNodeBox = memo(function ChainNodeBox({ data }: NodeProps<Node<ChainNodeData>>) {
  const { node, showNamespace, flash, spin, selected } = data;
  const h = HEALTH_STYLE[node.health];
  return (
    <div
      data-testid="chain-node"
      data-id={node.id}
      data-health={node.health}
      style={{ width: NODE_W, height: NODE_H }}
      className={`cursor-pointer overflow-hidden rounded-md border-2 px-2 py-1.5 text-left shadow-sm ${h.border} ${h.bg} ${flash ? "ring-4 ring-yellow-300 transition-shadow dark:ring-yellow-600" : ""} ${selected ? "outline outline-3 outline-offset-2 outline-sky-600 dark:outline-sky-400" : ""}`}
      title={`${node.kind}/${node.namespace}/${node.name}: ${node.health}, ${node.status}${node.ownStatus ? ` (own status: ${node.ownHealth ?? node.health}, ${node.ownStatus})` : ""}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-zinc-400" />
      <div data-testid="chain-node-label" className="truncate text-[14px] font-semibold leading-5 text-zinc-900 dark:text-zinc-100">
        {node.name}
      </div>
      <div className="flex items-center gap-1.5 text-[12.5px] leading-[17px] text-zinc-600 dark:text-zinc-400">
        <span data-testid="chain-node-kind" className="rounded bg-zinc-200 px-1 font-mono text-[11px] leading-4 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">
          {KIND_ABBR[node.kind] ?? node.kind}
        </span>
        {showNamespace && <span className="truncate">ns {node.namespace}</span>}
      </div>
      <div className={`flex items-center gap-1 text-[12.5px] leading-[17px] ${h.cls}`}>
        <HealthIcon health={node.health} spin={spin} />
        <span className="font-medium">{node.health}</span>
      </div>
      <div data-testid="chain-node-status" className="truncate text-[12.5px] leading-[17px] text-zinc-700 dark:text-zinc-300">
        {node.status}
      </div>
      {/* Named by its content (no aria-label that could differ from what the node shows), plus what a sighted user reads off its place. */}
      <span className="sr-only">
        : {node.kind} in namespace {node.namespace}. Open details
      </span>
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
        className="react-flow__edge-text fill-zinc-700 stroke-white text-[12px] [paint-order:stroke] [stroke-linejoin:round] [stroke-width:4px] dark:fill-zinc-300 dark:stroke-zinc-950"
      >
        {labelLines(data?.label ?? "").map((line, i, all) => (
          <tspan key={i} x={x} dy={i === 0 ? `${-(all.length - 1) * 0.6}em` : "1.2em"}>
            {line}
          </tspan>
        ))}
      </text>
    </>
  );
}, sameEdgeDrawing);

/** A long label on two lines, split at the space nearest its middle, so it fits between columns. */
function labelLines(label: string): string[] {
  if (label.length <= 12) return [label];
  let best = -1;
  for (let i = label.indexOf(" "); i >= 0; i = label.indexOf(" ", i + 1)) if (best < 0 || Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2)) best = i;
  // the space stays (end of the first line), so the label's text reads as written
  return best < 0 ? [label] : [label.slice(0, best + 1), label.slice(best + 1)];
}

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

interface Drawn {
  key: string;
  pos: Positions;
  /** The viewport that shows every node (or, when they cannot all be readable, the top left at a readable zoom). */
  fit: Viewport;
  /** The drawing area's height for this layout. */
  height: number;
  ms: number;
  n: number;
}

function bounds(pos: Positions) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pos.values()) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + NODE_W);
    y1 = Math.max(y1, p.y + NODE_H);
  }
  return x0 === Infinity ? { x0: 0, y0: 0, w: 0, h: 0 } : { x0, y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Where the chains go and how the drawing is first shown. The chains wrap into rows as wide as
 * the area allows at the zoom tried (from 1 down to the readable zoom); the zoom that shows the
 * whole drawing biggest wins, and the area takes the drawing's height (up to maxHeight). A
 * drawing that cannot be shown whole at a readable zoom starts at its top left at that zoom,
 * rows wrapped to the width, to be panned down.
 */
function placeAndFit(r: LayoutResult, width: number, maxHeight: number): Pick<Drawn, "pos" | "fit" | "height"> {
  const availW = Math.max(100, width - 2 * PAD);
  const availH = Math.max(100, maxHeight - TOOLBAR - 2 * PAD);
  let best: { pos: Positions; zoom: number; b: ReturnType<typeof bounds> } | undefined;
  for (const z of [1, 0.95, 0.9, 0.85, READABLE_ZOOM]) {
    const pos = r.place(availW / z);
    const b = bounds(pos);
    const zoom = Math.min(1, availW / Math.max(1, b.w), availH / Math.max(1, b.h));
    if (!best || zoom > best.zoom + 1e-6) best = { pos, zoom, b };
  }
  const { pos, b } = best!;
  if (best!.zoom >= READABLE_ZOOM - 1e-6) {
    const zoom = best!.zoom;
    const height = Math.max(220, Math.ceil(b.h * zoom + TOOLBAR + 2 * PAD));
    // centred across, below the toolbar
    return { pos, height, fit: { x: PAD + (availW - b.w * zoom) / 2 - b.x0 * zoom, y: TOOLBAR + PAD - b.y0 * zoom, zoom } };
  }
  const wide = r.place(availW / READABLE_ZOOM);
  const wb = bounds(wide);
  const zoom = Math.min(READABLE_ZOOM, availW / Math.max(1, wb.w));
  return { pos: wide, height: maxHeight, fit: { x: PAD - wb.x0 * zoom, y: TOOLBAR + PAD - wb.y0 * zoom, zoom } };
}

/** Zoom buttons and the legend, in the strip above the nodes (never over them at fit). */
function Toolbar({ fit, kinds }: { fit: Viewport; kinds: string[] }) {
  const rf = useReactFlow();
  return (
    <Panel position="top-left" className="!m-2 flex items-start gap-2" data-testid="chain-graph-toolbar">
      <div className="react-flow__controls horizontal flex" data-testid="chain-graph-controls" role="group" aria-label="Zoom">
        <ControlButton onClick={() => rf.zoomIn({ duration: 150 })} title="Zoom in" aria-label="Zoom in">
          <svg viewBox="0 0 32 32" aria-hidden>
            <path d="M32 18.133H18.133V32h-4.266V18.133H0v-4.266h13.867V0h4.266v13.867H32z" />
          </svg>
        </ControlButton>
        <ControlButton onClick={() => rf.zoomOut({ duration: 150 })} title="Zoom out" aria-label="Zoom out">
          <svg viewBox="0 0 32 5" aria-hidden>
            <path d="M0 0h32v4.2H0z" />
          </svg>
        </ControlButton>
        <ControlButton onClick={() => rf.setViewport(fit, { duration: 150 })} title="Fit: show the whole graph" aria-label="Fit view">
          <svg viewBox="0 0 32 30" aria-hidden>
            <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
          </svg>
        </ControlButton>
      </div>
      <Legend kinds={kinds} />
    </Panel>
  );
}

export function ChainGraph({
  nodes,
  edges,
  order,
  namespace,
  maxHeight,
  selected,
  onOpen,
}: {
  nodes: ChainNode[];
  edges: ChainEdge[];
  order?: string[];
  namespace?: string;
  /** The tallest the drawing area may grow to fit the chains (default: about the window's height below the page header). */
  maxHeight?: number;
  /** The node whose details are open. */
  selected?: string;
  /** A node clicked, or Enter / Space on a focused node. */
  onOpen?: (id: string) => void;
}) {
  // Node order: chain by chain when given (ELK keeps it), else by id.
  const input = useMemo(() => ({ nodes: order ?? nodes.map((n) => n.id).sort(), edges: edges.map((e) => ({ from: e.from, to: e.to })) }), [nodes, edges, order]);
  const key = useMemo(() => shapeKey(input), [input]);
  // Asked for during render: small chains are laid out right here, and a big one's worker
  // starts while React still commits the page; layoutOnce keeps one request per shape key
  // (statuses alone never ask again).
  const request = useMemo(() => layoutOnce(key, input), [key, input]);
  const box = useRef<HTMLDivElement>(null);
  const [laid, setLaid] = useState<{ key: string; result: LayoutResult }>();
  const [drawn, setDrawn] = useState<Drawn | undefined>();
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

  // The rows of chains follow the drawing area's width, fixed once per shape (derived during
  // render as soon as both the layout and the width are known).
  if (laid?.key === key && width > 0 && drawn?.key !== key) {
    const r = laid.result;
    const placed = placeAndFit(r, width, maxHeight ?? Math.min(900, Math.max(360, window.innerHeight - 150)));
    performance.mark("chains:layout-end", { detail: { elkMs: r.elkMs, elkNodes: r.elkNodes, smallNodes: r.smallNodes, smallMs: r.smallMs, chains: r.chains } });
    setDrawn((p) => ({ key, ...placed, ms: performance.now() - r.startedAt, n: (p?.n ?? 0) + 1 }));
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
  // In reading order (rows, then left to right), which is the order Tab visits them.
  const rfNodes: Node<ChainNodeData>[] = useMemo(() => {
    if (!drawn) return [];
    const placed = nodes.flatMap((n) => {
      const position = drawn.pos.get(n.id);
      return position ? [{ n, position }] : [];
    });
    placed.sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
    return placed.map(({ n, position }) => ({
      id: n.id,
      type: "chain",
      position,
      width: NODE_W,
      height: NODE_H,
      // known, not measured: React Flow keeps its nodes "initialized" through status updates
      measured: SIZE,
      handles: HANDLES,
      data: { node: n, showNamespace: n.namespace !== namespace, flash: flashing.has(n.id), spin: small, selected: n.id === selected },
      draggable: false,
      connectable: false,
      // Focusable (React Flow's wrapper has tabIndex 0): a button that opens the node's details.
      ariaRole: "button",
      domAttributes: { "aria-haspopup": "dialog", "aria-expanded": n.id === selected },
      className: "rounded-md focus-visible:!outline focus-visible:!outline-[3px] focus-visible:!outline-offset-2 focus-visible:!outline-sky-600 dark:focus-visible:!outline-sky-400",
    }));
  }, [nodes, drawn, namespace, flashing, small, selected]);

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

  const kinds = useMemo(() => [...new Set(nodes.map((n) => n.kind))], [nodes]);
  const onNodeClick = useCallback((_: unknown, n: Node) => onOpen?.(n.id), [onOpen]);
  // Enter or Space on a focused node (React Flow's wrapper carries the node's id).
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      const el = e.target as HTMLElement;
      if (!el.classList?.contains("react-flow__node")) return;
      const id = el.getAttribute("data-id");
      if (!id) return;
      e.preventDefault();
      onOpen?.(id);
    },
    [onOpen],
  );

  if (error) return <p role="alert" className="p-4 text-sm text-red-700">Layout failed: {error}</p>;
  const estimate = Math.min(maxHeight ?? 760, Math.max(300, nodes.length * 34));
  return (
    <div
      ref={box}
      style={{ height: drawn?.height ?? estimate }}
      className="relative rounded border border-zinc-200 [contain:strict] dark:border-zinc-800"
      data-testid="chain-graph"
      data-layout-ms={drawn ? Math.round(drawn.ms) : undefined}
      data-fit-zoom={drawn ? drawn.fit.zoom.toFixed(3) : undefined}
      onKeyDown={onKeyDown}
    >
      {!drawn && <p className="absolute inset-0 grid place-items-center text-sm text-zinc-500">Laying out {nodes.length} nodes…</p>}
      {drawn && (
        <ReactFlow
          key={drawn.n}
          nodes={rfNodes}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultViewport={drawn.fit}
          minZoom={0.05}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          onNodeClick={onNodeClick}
          proOptions={{ hideAttribution: true }}
          // React Flow themes its own parts (zoom buttons, background, edge labels) only when
          // told: without it they stayed light on the dark page (blank white buttons).
          colorMode="system"
        >
          <Background />
          <Toolbar fit={drawn.fit} kinds={kinds} />
        </ReactFlow>
      )}
    </div>
  );
}
