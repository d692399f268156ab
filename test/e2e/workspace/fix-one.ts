export function isMissingImage(errorCode: string): boolean {
  switch (errorCode) {
    case "SVCSTG.SWR.404010":
      return true;
    default:
      return false;
  }
}
