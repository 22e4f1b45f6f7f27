// reportError (https://html.spec.whatwg.org/#dom-reporterror): an exception nobody caught is
// printed as "Uncaught ..." on stderr, like an uncaught error in a timer.
import { console } from "./console.js";

export function reportError(error) {
  console.error("Uncaught", error);
}
