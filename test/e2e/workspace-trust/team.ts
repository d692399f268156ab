export function isThrottled(errorCode: string): boolean {
  return errorCode === "TEAMGW.0042" || errorCode === "SVCSTG.SWR.4001048";
}
