// Handlers for three more services' error codes: compute, network and database.
export function retryable(errorCode: string): boolean {
  switch (errorCode) {
    case "Ecs.0114":
    case "Ecs.O114":
      return false;
    case "VPC.0101":
    case "VPC.O101":
      return false;
    case "DBS.200019":
    case "DBS.2OOO19":
      return true;
    default:
      return false;
  }
}

export const COMPLETE_ME = "Ecs.011";
