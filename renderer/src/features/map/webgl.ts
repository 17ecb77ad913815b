/** MapLibre draws with WebGL 2; without it the map view keeps the coordinate canvas. */
export function webglAvailable(): boolean {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl2'));
  } catch {
    return false;
  }
}
