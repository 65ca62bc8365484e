/**
 * The CC0 environment images of @pmndrs/assets (512x256 EXR files shipped as base64 data-URL modules),
 * loaded on demand as equirectangular background textures. Each is its own bundle chunk: nothing is
 * fetched from the network, so they work offline once the app is cached.
 */
import { EquirectangularReflectionMapping, type DataTexture } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import type { EnvironmentName } from '../state/schema';

type DataUrlModule = Promise<{ default: string }>;

const SOURCES: Record<EnvironmentName, () => DataUrlModule> = {
  apartment: () => import('@pmndrs/assets/hdri/apartment.exr.js'),
  bridge: () => import('@pmndrs/assets/hdri/bridge.exr.js'),
  city: () => import('@pmndrs/assets/hdri/city.exr.js'),
  dawn: () => import('@pmndrs/assets/hdri/dawn.exr.js'),
  esplanade: () => import('@pmndrs/assets/hdri/esplanade.exr.js'),
  forest: () => import('@pmndrs/assets/hdri/forest.exr.js'),
  hall: () => import('@pmndrs/assets/hdri/hall.exr.js'),
  lab: () => import('@pmndrs/assets/hdri/lab.exr.js'),
  lobby: () => import('@pmndrs/assets/hdri/lobby.exr.js'),
  night: () => import('@pmndrs/assets/hdri/night.exr.js'),
  park: () => import('@pmndrs/assets/hdri/park.exr.js'),
  sky: () => import('@pmndrs/assets/hdri/sky.exr.js'),
  studio: () => import('@pmndrs/assets/hdri/studio.exr.js'),
  sunrise: () => import('@pmndrs/assets/hdri/sunrise.exr.js'),
  sunset: () => import('@pmndrs/assets/hdri/sunset.exr.js'),
  venice: () => import('@pmndrs/assets/hdri/venice.exr.js'),
  warehouse: () => import('@pmndrs/assets/hdri/warehouse.exr.js'),
  workshop: () => import('@pmndrs/assets/hdri/workshop.exr.js')
};

const loaded = new Map<EnvironmentName, Promise<DataTexture>>();

/** The environment image as a background texture (cached: the same promise for the same name). */
export function loadEnvironment(name: EnvironmentName): Promise<DataTexture> {
  let texture = loaded.get(name);
  if (!texture) {
    texture = SOURCES[name]()
      .then((module) => new EXRLoader().loadAsync(module.default))
      .then((t) => {
        t.mapping = EquirectangularReflectionMapping;
        return t;
      });
    texture.catch(() => loaded.delete(name));
    loaded.set(name, texture);
  }
  return texture;
}
