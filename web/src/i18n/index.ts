// Language state and lookups. Chinese is the default (planners read Chinese first); names
// show `nameZh` in Chinese and `name` in English, each falling back to the other.
import catalogue from "./catalogue.json";
import { UI, type UiKey } from "./ui";

export type Lang = "zh" | "en";
type Bilingual = { zh: string; en: string };

const STORAGE_KEY = "stsgraph.lang";
let current: Lang = "zh";
const listeners: Array<(lang: Lang) => void> = [];

export function initLang(stored: string | null): Lang {
  current = stored === "en" ? "en" : "zh";
  return current;
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang, storage?: Pick<Storage, "setItem">): void {
  current = next;
  storage?.setItem(STORAGE_KEY, next);
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): void {
  listeners.push(listener);
}

export const LANG_STORAGE_KEY = STORAGE_KEY;

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole);
}

/** An interface string in the current language, with `{name}` placeholders filled. */
export function t(key: UiKey, params?: Record<string, string | number>): string {
  return fill(UI[key][current], params);
}

function pick(table: Record<string, Bilingual>, code: string): string {
  const entry = table[code];
  return entry ? entry[current] : code;
}

export const kindLabel = (kind: string): string => pick(catalogue.kinds, kind);
export const stageLabel = (code: string): string => pick(catalogue.stages, code);
export const stageStatusLabel = (s: string): string => pick(catalogue.stageStatus, s);
export const handoffStatusLabel = (s: string): string => pick(catalogue.handoffStatus, s);
export const relationshipLabel = (type: string): string => pick(catalogue.relationships, type);
export const targetLabel = (id: string): string => pick(catalogue.targets, id);
export const componentLabel = (name: string): string => pick(catalogue.components, name);

const KINDS: Record<string, { color: string }> = catalogue.kinds;
const STATUS: Record<string, { color: string }> = {
  ...catalogue.stageStatus, ...catalogue.handoffStatus,
};
export const kindColor = (kind: string): string => KINDS[kind]?.color ?? "#999999";
export const statusColor = (status: string): string => STATUS[status]?.color ?? "#9e9e9e";
export const KIND_NAMES = Object.keys(catalogue.kinds).filter((k) => k !== "ServiceStage");

export interface Named {
  id?: string;
  name?: string | null;
  nameZh?: string | null;
}

/** The display name: Chinese first in Chinese, English first in English. */
export function nameOf(entity: Named, language: Lang = current): string {
  const zh = entity.nameZh?.trim();
  const en = entity.name?.trim();
  return (language === "zh" ? zh || en : en || zh) || entity.id || "";
}

/** Numbers the way the current language writes them. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString(current === "zh" ? "zh-CN" : "en-US", {
    maximumFractionDigits: digits, minimumFractionDigits: 0,
  });
}

/** The name in the other language, or "" when it is the same. */
export function otherName(entity: Named): string {
  const other = nameOf(entity, current === "zh" ? "en" : "zh");
  return other === nameOf(entity) ? "" : other;
}
