import { MAX_UPLOAD_BYTES } from './batch-types';

/** Saves text as a CSV file in the browser; the name is the upload's with a suffix. */
export function downloadCsv(csv: string, uploadName: string, suffix: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = uploadName.replace(/\.csv$/i, '') + `-${suffix}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The chosen file, or why it cannot be sent (none chosen, over the upload limit). */
export function pickedFile(input: HTMLInputElement | null): File | string {
  const file = input?.files?.[0];
  if (!file) return 'Choose a CSV file first.';
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1048576} MB.`;
  return file;
}
