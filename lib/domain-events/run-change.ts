import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { handToDriver } from "@/lib/notifications/drivers/current";
import { registeredListeners } from "./listeners";
import type { Change, ChangeEffects, DomainEventOf, DomainEventType, Listener } from "./types";

export type { Change } from "./types";

const emptyEffects = (): ChangeEffects => ({ changedSubjects: [], scheduled: [], forecast: [] });

function mergeInto(target: ChangeEffects, more: Partial<ChangeEffects>) {
  for (const subject of more.changedSubjects ?? []) {
    if (!target.changedSubjects.some((s) => s.subjectType === subject.subjectType && s.subjectId === subject.subjectId)) {
      target.changedSubjects.push(subject);
    }
  }
  target.scheduled.push(...(more.scheduled ?? []));
  target.forecast.push(...(more.forecast ?? []));
}

// Listeners added at run time (tests; a feature that cannot be listed statically). Run after the registered ones.
const added = new Map<DomainEventType, Listener[]>();

/** Adds a listener; returns the function that removes it. */
export function addListener<T extends DomainEventType>(type: T, listener: Listener<DomainEventOf<T>>): () => void {
  const list = added.get(type) ?? [];
  list.push(listener as Listener);
  added.set(type, list);
  return () => {
    const index = list.indexOf(listener as Listener);
    if (index >= 0) list.splice(index, 1);
  };
}

function listenersOf(type: DomainEventType): Listener[] {
  const registered = (registeredListeners()[type] ?? []) as Listener[];
  return [...registered, ...(added.get(type) ?? [])];
}

// The transactions this module opened, and the change each belongs to: a nested change joins its parent.
const openChanges = new WeakMap<Db, ChangeEffects>();

function changeOn(tx: Db, effects: ChangeEffects): Change {
  const change: Change = {
    effects,
    handOver(more) {
      mergeInto(effects, more);
    },
    async publish(event) {
      const produced = emptyEffects();
      for (const listener of listenersOf(event.type)) mergeInto(produced, (await listener(tx, event, change)) ?? {});
      mergeInto(effects, produced);
      return produced;
    },
  };
  return change;
}

/**
 * Runs a domain change in one transaction. Its work publishes events (`change.publish`); their listeners
 * run in the same transaction; once it has committed, `afterCommit` hands what they produced to the
 * driver. Called on a transaction opened by another `runChange` (a reply that cancels a visit), it runs in
 * a savepoint and its effects join the outer change, handed over only when the outer one commits.
 *
 * Refuses a transaction it did not open: its commit would come after this returns, and the driver would
 * be told about rows that might still roll back.
 */
export async function runChange<T>(db: Db, work: (tx: Db, change: Change) => Promise<T>): Promise<T> {
  const parent = openChanges.get(db);
  if (!parent && db instanceof PgTransaction) {
    throw new Error("runChange: called inside a transaction it did not open; open the outer one with runChange");
  }
  const effects = emptyEffects();
  const result = await db.transaction(async (tx) => {
    openChanges.set(tx, effects);
    return work(tx, changeOn(tx, effects));
  });
  if (parent) mergeInto(parent, effects);
  else await afterCommit(effects);
  return result;
}

/** The one after-commit step: what a committed change's listeners produced goes to the notification driver. */
export async function afterCommit(effects: ChangeEffects) {
  await handToDriver(effects);
}
