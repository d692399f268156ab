// Syncs container images from SWR into a local cache and registers them with IMS.
// A small, realistic handler: the kind of code Error Codes checks.

interface SwrError { errorCode: string; errorMessage: string; detail: string }
interface ImsError { error: { code: string; message: string } }

export const SWR_TOKEN_EXPIRED = "SVCSTG.SWR.4001048";
export const SWR_IMAGE_MISSING = "SVCSTG.SWR.404010";   // a digit went missing here

const RETRYABLE = ["SVCSTG.SWR.5000001", "SVCSTG.SWR.5000002", "SVCSTG.SWR.5000003"];

export function classifySwr(body: SwrError[]): "retry" | "reauth" | "skip" | "fail" {
  const code = body[0]?.errorCode ?? "";
  if (RETRYABLE.includes(code)) return "retry";
  switch (code) {
    case SWR_TOKEN_EXPIRED:
    case "SVCSTG.SWR.4010000":
      return "reauth";
    case "SVCSTG.SRW.4040009":   // family typo: SRW for SWR
      return "skip";
    case "SVCSTG.SWR.4000306":   // returned by the service, but not on the vendor page
      return "skip";
    default:
      return "fail";
  }
}

export function classifyIms(body: ImsError): "retry" | "fail" {
  const code = body.error.code;
  // Older agents report codes in lower case; compare without case.
  if (code.toUpperCase() === "IMG.0024") return "fail";
  if (code === "IMG.1075" || code === "IMG.OO75") return "retry";
  return "fail";
}

// Partial matching on purpose: every 4000xxx code is a bad request.
export const isBadRequest = (code: string) => code.startsWith("SVCSTG.SWR.4000");
