/**
 * Small IndexedDB store for the inspection views (database `perturber-inspect`): named channel sets,
 * and feature visualisations cached by featureVisKey so that they show at once (and offline) the next
 * time. A write that does not fit says so ('quota-exceeded').
 */
import type { DBSchema } from 'idb';
import type { FeatureVisResult } from '$lib/protocol';
import { lazyDatabase, storageError } from './database';

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

const database = lazyDatabase<InspectDB>({
  name: INSPECT_DB_NAME,
  version: 1,
  holds: 'channel sets and feature visualisations',
  upgrade(d) {
    d.createObjectStore('channel-sets', { keyPath: 'name' });
    d.createObjectStore('feature-vis');
  }
});

const db = () => database.get();

/** Closes the connection (tests). The next call reopens it. */
export function closeInspectStore(): Promise<void> {
  return database.close();
}

export async function listChannelSets(): Promise<ChannelSet[]> {
  return (await db()).getAll('channel-sets');
}

export async function saveChannelSet(set: ChannelSet): Promise<void> {
  try {
    await (await db()).put('channel-sets', { name: set.name, layer: set.layer, channels: [...set.channels] });
  } catch (e) {
    throw storageError(e, `save the channel set "${set.name}"`);
  }
}

export async function deleteChannelSet(name: string): Promise<void> {
  await (await db()).delete('channel-sets', name);
}

export async function cachedFeatureVis(key: string): Promise<FeatureVisResult | undefined> {
  return (await db()).get('feature-vis', key);
}

export async function cacheFeatureVis(key: string, result: FeatureVisResult): Promise<void> {
  try {
    await (await db()).put('feature-vis', result, key);
  } catch (e) {
    throw storageError(e, 'keep the feature visualisation');
  }
}
