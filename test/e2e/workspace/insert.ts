export const tokenFailure = "";
