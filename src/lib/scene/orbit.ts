/**
 * Camera placement from the state's orbit angles, and back (for OrbitControls drags). Yaw 0 looks at the
 * subject from +Z, positive yaw orbits towards +X; positive pitch looks down from above.
 */
import { MathUtils, Vector3, type PerspectiveCamera } from 'three';

/** The point the camera orbits and looks at: the middle of the subject. */
export const ORBIT_TARGET: readonly [number, number, number] = [0, 0.5, 0];

export interface Orbit {
  yaw: number;
  pitch: number;
  distance: number;
}

export function orbitPosition({ yaw, pitch, distance }: Orbit, out = new Vector3()): Vector3 {
  const y = MathUtils.degToRad(yaw);
  const p = MathUtils.degToRad(pitch);
  return out.set(
    ORBIT_TARGET[0] + distance * Math.cos(p) * Math.sin(y),
    ORBIT_TARGET[1] + distance * Math.sin(p),
    ORBIT_TARGET[2] + distance * Math.cos(p) * Math.cos(y)
  );
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** The orbit a camera at `position` is on, rounded finely so a drag does not write float noise. */
export function orbitFromPosition(position: Vector3): Orbit {
  const dx = position.x - ORBIT_TARGET[0];
  const dy = position.y - ORBIT_TARGET[1];
  const dz = position.z - ORBIT_TARGET[2];
  const distance = Math.hypot(dx, dy, dz);
  const yaw = MathUtils.radToDeg(Math.atan2(dx, dz));
  const pitch = MathUtils.radToDeg(Math.asin(distance === 0 ? 0 : dy / distance));
  return { yaw: round(yaw, 2), pitch: round(pitch, 2), distance: round(distance, 3) };
}

const target = new Vector3();

/**
 * Puts the camera on its orbit looking at the target, rolled about its view axis. `fov` is the model
 * camera's vertical fov (a square view); on a portrait canvas the visible camera widens its vertical fov
 * so the square the models see always fits in the visible view.
 */
export function placeCamera(camera: PerspectiveCamera, orbit: Orbit, roll: number, fov: number): void {
  orbitPosition(orbit, camera.position);
  camera.up.set(0, 1, 0);
  camera.lookAt(target.set(...ORBIT_TARGET));
  camera.rotateZ(MathUtils.degToRad(roll));
  const nextFov = visibleFov(fov, camera.aspect);
  if (camera.fov !== nextFov) {
    camera.fov = nextFov;
    camera.updateProjectionMatrix();
  }
  camera.updateMatrixWorld();
}

/** Vertical fov of a view of `aspect` (w/h) that contains the central square seen with `squareFov`. */
export function visibleFov(squareFov: number, aspect: number): number {
  if (!(aspect > 0) || aspect >= 1) return squareFov;
  const half = Math.tan(MathUtils.degToRad(squareFov) / 2) / aspect;
  return MathUtils.radToDeg(2 * Math.atan(half));
}
