export const imageMissing = "SVCSTG.SWR.4040";
