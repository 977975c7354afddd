"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useDeferredValue, useEffect, useId, useRef, useState } from "react";
import { useSearch } from "@/lib/client/queries";
import { useNamespace, withFrameParams } from "@/lib/client/url";

/** Jump to any ServiceAccount, binding, role or workload (a workload in a chain: to its chain too). `/` focuses it from anywhere. */
export function SearchBox() {
  const router = useRouter();
  const params = useSearchParams();
  const namespace = useNamespace();
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDeferredValue(text.trim());
  const { data } = useSearch(q, namespace);
  const items = q ? (data?.items ?? []) : [];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = (href: string) => {
    setOpen(false);
    setText("");
    inputRef.current?.blur();
    router.push(withFrameParams(href, params));
  };

  return (
    <div className="relative min-w-0 flex-1 md:w-44 md:flex-none lg:w-72">
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Search"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
        placeholder="Search service accounts, bindings, roles…   /"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, items.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && items[active]) {
            e.preventDefault();
            go(items[active].href);
          } else if (e.key === "Escape") {
            setOpen(false);
            inputRef.current?.blur();
          }
        }}
        className="w-full rounded border border-zinc-300 bg-white px-2.5 py-1 text-sm placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
      />
      {open && q && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Search results"
          className="absolute right-0 z-30 mt-1 max-h-96 w-[min(28rem,calc(100vw-2rem))] overflow-auto rounded border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.length === 0 && <li className="px-3 py-2 text-zinc-500">No match for “{q}”</li>}
          {items.map((hit, i) => (
            <li
              key={`${hit.kind}/${hit.namespace ?? ""}/${hit.name} ${hit.href}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(hit.href);
              }}
              onMouseEnter={() => setActive(i)}
              className={`grid cursor-pointer grid-cols-[7.5rem_1fr] items-baseline gap-x-2 px-3 py-1.5 ${i === active ? "bg-sky-100 dark:bg-sky-900/40" : ""}`}
            >
              <span className="truncate text-xs text-zinc-500">{hit.kind}</span>
              <span className="min-w-0">
                <span className="block font-medium wrap-break-word">{hit.name}</span>
                {(hit.namespace || hit.detail) && (
                  <span className="block text-xs text-zinc-500">{[hit.namespace, hit.detail].filter(Boolean).join(" · ")}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
