import { useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeServerError } from '../api/trpc.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file the user picked, as base64 for a JSON request. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Saves a file the server sent as base64 (Excel exports) through the browser's download. */
export function downloadBase64(filename: string, contentBase64: string, type: string): void {
  downloadBlob(filename, new Blob([Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0))], { type }));
}

/** Saves text the server sent (open data) through the browser's download. */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A file (Excel unless the server names another type) fetched from the server and saved: `pending` while it is being made, the
 * server's refusal as a message when it fails. `download` answers the file (for a count to show)
 * or null.
 */
export function useExcelDownload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pending, setPending] = useState(false);
  const download = async <F extends { filename: string; contentBase64: string; contentType?: string }>(fetchFile: () => Promise<F>): Promise<F | null> => {
    setPending(true);
    try {
      const file = await fetchFile();
      downloadBase64(file.filename, file.contentBase64, file.contentType ?? XLSX);
      return file;
    } catch (error) {
      void message.error(describeServerError(error, t('errors.network')).message);
      return null;
    } finally {
      setPending(false);
    }
  };
  return { download, pending };
}
