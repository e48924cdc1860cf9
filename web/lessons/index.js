// The lessons that come with the sandbox (their JSON beside this file), by name: the page opens
// one with #lesson=<name>, the element with lesson="<name>". Bundled, so they open from disk too.
import forwardPass from './1-forward-pass.json';
import outputDelta from './2-output-delta.json';
import recursion from './3-recursion.json';
import outerProduct from './4-outer-product.json';
import gradientCheck from './5-gradient-check.json';
import xor from './6-xor.json';

export const LESSONS = Object.freeze({
  'forward-pass': forwardPass,
  'output-delta': outputDelta,
  recursion,
  'outer-product': outerProduct,
  'gradient-check': gradientCheck,
  xor,
});
