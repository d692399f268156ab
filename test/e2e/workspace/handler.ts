// Turns SWR error codes from the registry API into messages for the user.
export function explainPushFailure(errorCode: string): string {
  switch (errorCode) {
    case "SVCSTG.SWR.4001048":
      return 'Log in again: the registry could not read your token.';
    case "SVCSTG.SWR.404010":
      return 'The image is gone; check its name and tag.';
    default:
      return `Push failed (${errorCode}).`;
  }
}
