// Saving text the page already has as a file (recovery codes, a report as JSON): a temporary
// object URL clicked through a hidden link. The only DOM helper of its kind; no requests.

export function downloadText(filename: string, text: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
