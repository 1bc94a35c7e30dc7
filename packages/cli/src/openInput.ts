// The input side lives in input/; this name stays for the tests that import it.
export { readInput, resolveInputs, type InputSource } from "./input/openInput.js";
