/** "Yaw sweep, dog" -> "yaw-sweep-dog": a name as a file name (without extension). */
export function fileNameOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'sweep';
}
