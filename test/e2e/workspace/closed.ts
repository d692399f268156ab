// The editor tests never open this file before the workspace-problems test: its problem is
// found on disk by the workspace scan and listed while the file is closed.
export function isQuotaError(errorCode: string): boolean {
  return errorCode === "SVCSTG.SWR.404010";
}
