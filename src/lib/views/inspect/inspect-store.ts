/**
 * Small IndexedDB store for the inspection views: named channel sets, and feature visualisations cached
 * by featureVisKey so that they show at once (and offline) the next time.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FeatureVisResult } from '$lib/protocol';

export interface ChannelSet {
  name: string;
  layer: string;
  channels: number[];
}

interface InspectDB extends DBSchema {
  'channel-sets': { key: string; value: ChannelSet };
  'feature-vis': { key: string; value: FeatureVisResult };
}

export const INSPECT_DB_NAME = 'perturber-inspect';
let dbPromise: Promise<IDBPDatabase<InspectDB>> | null = null;

function db(): Promise<IDBPDatabase<InspectDB>> {
  dbPromise ??= openDB<InspectDB>(INSPECT_DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('channel-sets', { keyPath: 'name' });
      d.createObjectStore('feature-vis');
    }
  });
  return dbPromise;
}

export async function listChannelSets(): Promise<ChannelSet[]> {
  return (await db()).getAll('channel-sets');
}

export async function saveChannelSet(set: ChannelSet): Promise<void> {
  await (await db()).put('channel-sets', { name: set.name, layer: set.layer, channels: [...set.channels] });
}

export async function deleteChannelSet(name: string): Promise<void> {
  await (await db()).delete('channel-sets', name);
}

export async function cachedFeatureVis(key: string): Promise<FeatureVisResult | undefined> {
  return (await db()).get('feature-vis', key);
}

export async function cacheFeatureVis(key: string, result: FeatureVisResult): Promise<void> {
  await (await db()).put('feature-vis', result, key);
}
