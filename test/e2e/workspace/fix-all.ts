export function isMissingImage(errorCode: string): boolean {
  return errorCode === "SVCSTG.SWR.404010";
}

export function shouldRetry(errorCode: string): boolean {
  if (errorCode === "SVCSTG.SWR.404010") return false;
  return errorCode !== "SVCSTG.SWR.4001048";
}
