// The explorer's shell: header (navigation, as-of slider, language), the banner shown while
// the API is down, the sign-in form, and the router that renders one view at a time.
import "./style.css";
import {
  detectCapabilities, hasTimeSlider, INTROSPECTION, MAX_AS_OF, NO_CAPABILITIES,
  type Capabilities, type IntrospectionResult,
} from "./api/capabilities";
import { ApiError, GraphQLClient, type RequestTiming, withRetry } from "./api/client";
import { keyFromFragment, KeyStore } from "./auth";
import type { AppContext } from "./context";
import { initLang, LANG_STORAGE_KEY, lang, onLangChange, setLang, t } from "./i18n";
import { href, parseRoute, type Route } from "./router";
import { clear, h } from "./ui/dom";
import { renderEntity } from "./views/entity";
import { renderPlan } from "./views/plan";
import { renderScope } from "./views/scope";
import { renderSearch } from "./views/search";
import { renderWhatIf } from "./views/whatif";

const API_BASE: string = import.meta.env.VITE_API_BASE ?? "";
const AS_OF_STORAGE = "stsgraph.asOf";

const keys = new KeyStore(localStorage);
const api = new GraphQLClient(API_BASE, keys);
const banner = h("div", { class: "banner", role: "alert", hidden: true, "data-testid": "api-down" });
const main = h("main", { id: "main" });
let caps: Capabilities = NO_CAPABILITIES;
let asOf: number | null = null;
let renderToken = 0;

function showDown(reason: string, seconds: number, retryNow: () => void): void {
  clear(banner);
  banner.hidden = false;
  banner.append(t("apiDown", { reason, seconds }), " ",
    h("button", { type: "button", onclick: retryNow }, t("retryNow")));
}

function hideDown(): void {
  banner.hidden = true;
  clear(banner);
}

const run = <T>(query: string, variables: Record<string, unknown> = {},
                timing?: RequestTiming): Promise<T> =>
  withRetry(() => api.request<T>(query, variables, timing), { onDown: showDown, onUp: hideDown });

const navigate = (route: Route): void => {
  location.hash = href(route);
};

function context(): AppContext {
  return { api, caps, asOf, run, navigate };
}

function page(title: string, ...body: Array<Node | string>): HTMLElement {
  return h("section", { class: "panel page-message", "data-testid": "message" },
    h("h2", {}, title), ...body,
    h("p", {}, h("a", { class: "button", href: "#/" }, t("backToSearch"))));
}

function signInForm(message: string): HTMLElement {
  const input = h("input", { type: "password", name: "key", autocomplete: "off",
                             "aria-label": t("apiKey"), placeholder: t("apiKey") });
  return h("section", { class: "panel sign-in", "data-testid": "sign-in" },
    h("h2", {}, t("signInTitle")),
    h("p", { class: "error", "data-testid": "server-message" }, message),
    h("p", { class: "hint" }, t("signInHint")),
    h("form", { onsubmit: (event: Event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      keys.set(input.value);
      void loadCapabilities().then(render);
    } }, input, h("button", { type: "submit" }, t("signIn"))));
}

async function renderRoute(route: Route, ctx: AppContext): Promise<void> {
  switch (route.view) {
    case "search": return renderSearch(main, route, ctx);
    case "entity": return renderEntity(main, route, ctx);
    case "scope": return renderScope(main, route, ctx);
    case "whatif": return renderWhatIf(main, route, ctx);
    case "plan": return renderPlan(main, route, ctx);
    case "notfound":
      main.append(page(t("notFoundTitle"), h("p", {}, t("notFoundPage", { path: route.path }))));
  }
}

function failure(route: Route, error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    if (error.code === "UNAUTHENTICATED") return signInForm(error.message);
    if (error.code === "NOT_FOUND") {
      const id = "id" in route ? route.id : "";
      return page(t("notFoundTitle"), h("p", {}, id ? t("notFoundEntity", { id }) : error.message),
        h("p", { class: "secondary" }, error.message));
    }
    if (error.code === "FORBIDDEN") return page(t("errorTitle"), h("p", {}, t("forbidden", { message: error.message })));
  }
  return page(t("errorTitle"), h("p", { class: "error" }, error instanceof Error ? error.message : String(error)));
}

async function render(): Promise<void> {
  const token = ++renderToken;
  const route = parseRoute(location.hash);
  clear(main);
  main.dataset.view = route.view;
  main.dataset.state = "loading";
  const loading = h("p", { class: "loading" }, t("loading"));
  main.append(loading);
  try {
    await renderRoute(route, context());
    if (token !== renderToken) return;
    loading.remove();
  } catch (error) {
    if (token !== renderToken) return;
    clear(main);
    main.append(failure(route, error));
  }
  main.dataset.state = "ready";
  updateHeader();
}

function asOfSlider(): HTMLElement | null {
  if (!hasTimeSlider(caps)) return null;
  const now = new Date().getFullYear();
  const output = h("output", {}, asOf === null ? t("asOfNow") : String(asOf));
  const slider = h("input", { type: "range", min: 2000, max: Math.min(now, MAX_AS_OF), step: 1,
                              value: asOf ?? now, "aria-label": t("asOf"), "data-testid": "as-of" });
  slider.addEventListener("input", () => { output.textContent = slider.value; });
  slider.addEventListener("change", () => {
    asOf = Number(slider.value) >= now ? null : Number(slider.value);
    if (asOf === null) sessionStorage.removeItem(AS_OF_STORAGE);
    else sessionStorage.setItem(AS_OF_STORAGE, String(asOf));
    void render();
  });
  return h("label", { class: "as-of" }, t("asOf"), slider, output);
}

const header = h("header", {});

function updateHeader(): void {
  clear(header);
  const key = keys.get();
  header.append(
    h("a", { class: "brand", href: "#/" }, t("appName")),
    h("nav", {},
      h("a", { href: "#/" }, t("navSearch")),
      h("a", { href: "#/plan" }, t("navPlan")),
      h("a", { href: `${API_BASE}/graphql`, target: "_blank" }, t("navGraphiql"))),
    asOfSlider() ?? "",
    h("span", { class: "spacer" }),
    key ? h("button", { type: "button", class: "link", "data-testid": "sign-out",
                        onclick: () => { keys.clear(); void render(); } }, `${t("signedIn")} · ${t("signOut")}`) : "",
    h("button", { type: "button", class: "lang", "data-testid": "language", onclick: () => {
      setLang(lang() === "zh" ? "en" : "zh", localStorage);
    } }, t("language")));
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  document.title = t("appName");
}

async function start(): Promise<void> {
  initLang(localStorage.getItem(LANG_STORAGE_KEY));
  const fragment = keyFromFragment(location.hash);
  if (fragment.key) {
    keys.set(fragment.key);
    history.replaceState(null, "", `${location.pathname}${location.search}${fragment.rest}`);
  }
  const storedYear = Number(sessionStorage.getItem(AS_OF_STORAGE));
  document.body.append(header, banner, main);
  updateHeader();
  const refused = await loadCapabilities();
  asOf = hasTimeSlider(caps) && storedYear ? storedYear : null;
  onLangChange(() => void render());
  window.addEventListener("hashchange", () => void render());
  if (refused) {
    // A wrong or expired key is refused even for introspection: say so before anything.
    clear(main);
    main.append(signInForm(refused.message));
    main.dataset.state = "ready";
    return;
  }
  await render();
}

/** Introspect the schema; returns the refusal when the key was not accepted. */
async function loadCapabilities(): Promise<ApiError | null> {
  try {
    caps = detectCapabilities(await run<IntrospectionResult>(INTROSPECTION));
  } catch (error) {
    caps = NO_CAPABILITIES;  // introspection refused: the plain explorer still works
    if (error instanceof ApiError && error.code === "UNAUTHENTICATED") return error;
  }
  document.body.dataset.capabilities = caps.asOfFields.size ? "as-of" : "plain";
  return null;
}

void start();
