// Search: Chinese or English names, optionally by kind, leading to entity pages.
import { asOfArg } from "../api/capabilities";
import { kindEnum } from "../api/enums";
import type { AppContext } from "../context";
import { KIND_NAMES, kindColor, kindLabel, nameOf, otherName, t } from "../i18n";
import { href, type Route } from "../router";
import { h } from "../ui/dom";

interface Hit {
  score: number;
  node: { __typename: string; id: string; name: string; nameZh: string | null };
}

export function searchQuery(ctx: AppContext): string {
  return `query($text: String!, $kinds: [EntityKind!]) {
  search(text: $text, kinds: $kinds, first: 30${asOfArg(ctx.caps, "search", ctx.asOf)}) {
    score node { __typename id name nameZh } } }`;
}

export function kindBadge(kind: string): HTMLElement {
  return h("span", { class: "badge", style: `background:${kindColor(kind)}` }, kindLabel(kind));
}

export async function renderSearch(main: HTMLElement, route: Extract<Route, { view: "search" }>,
                                   ctx: AppContext): Promise<void> {
  const input = h("input", { type: "search", name: "q", value: route.query,
                             placeholder: t("searchPlaceholder"), "aria-label": t("searchButton") });
  const chosen = new Set(route.kinds);
  const kinds = KIND_NAMES.map((kind) => h("label", { class: "chip" },
    h("input", { type: "checkbox", value: kind, checked: chosen.has(kind) }), kindLabel(kind)));
  const form = h("form", { class: "search-form", onsubmit: (event: Event) => {
    event.preventDefault();
    const picked = kinds.map((l) => l.querySelector("input") as HTMLInputElement)
      .filter((box) => box.checked).map((box) => box.value);
    ctx.navigate({ view: "search", query: input.value.trim(), kinds: picked });
  } }, input, h("button", { type: "submit" }, t("searchButton")), h("div", { class: "chips" }, kinds));
  main.append(h("section", { class: "panel" }, form, h("p", { class: "hint" }, t("searchHint"))));
  if (!route.query) {
    input.focus();
    return;
  }
  const data = await ctx.run<{ search: Hit[] }>(searchQuery(ctx), {
    text: route.query, kinds: route.kinds.length ? route.kinds.map(kindEnum) : null });
  const list = data.search.map((hit) => h("li", { class: "result", "data-id": hit.node.id },
    kindBadge(hit.node.__typename),
    h("a", { href: href({ view: "entity", id: hit.node.id, depth: 1, limit: 500 }) },
      nameOf(hit.node)),
    h("span", { class: "secondary" }, otherName(hit.node))));
  main.append(h("section", { class: "panel" },
    h("h2", {}, t("resultsFor", { q: route.query })),
    list.length ? h("ul", { class: "results" }, list) : h("p", { class: "empty" }, t("noResults"))));
}
