// GraphiQL from npm (no CDN): the endpoint is this origin's /graphql, and the key the
// explorer keeps (or a `#key=...` in the URL, as `make run` prints) fills its headers.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "graphiql/setup-workers/vite";
import { keyFromFragment, KeyStore } from "../src/auth";

const keys = new KeyStore(localStorage);
const fragment = keyFromFragment(location.hash);
if (fragment.key) {
  keys.set(fragment.key);
  history.replaceState(null, "", location.pathname + location.search);
}
const key = keys.get();
const headers = key ? JSON.stringify({ "X-API-Key": key }, null, 2) : undefined;
const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });

const root = document.getElementById("graphiql");
if (root) {
  createRoot(root).render(createElement(GraphiQL, {
    fetcher, defaultHeaders: headers, shouldPersistHeaders: false,
    defaultQuery: "{ parks(first: 3) { totalCount edges { node { id name nameZh } } } }\n",
  }));
}
