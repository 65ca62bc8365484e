/** Saves text or a Blob as a file through a temporary link (exports of definitions, runs, findings and plots). */
export function downloadFile(data: Blob | string, fileName: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(typeof data === 'string' ? new Blob([data], { type }) : data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
