// dispose() frees a network: any later call on it throws a clear Error; other networks and
// results already returned are unaffected.
import { loadEngine } from '../../bindings/index.js';
import { bitwise, doc222, engineStillRight, withNetwork } from './helpers/support.js';

const DISPOSED = /disposed.*createNetwork/;

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

// Every network a test creates is disposed after it, even when an expectation fails midway
// (dispose() twice is harmless).
const created = [];
const create = (d) => {
  const net = engine.createNetwork(d);
  created.push(net);
  return net;
};
afterEach(() => {
  for (const net of created.splice(0)) net.dispose();
});

const CALLS = [
  ['run()', (net) => net.run()],
  ['step()', (net) => net.step()],
  ['step(alpha)', (net) => net.step(0.1)],
  ['train(n)', (net) => net.train(3)],
  ['gradientCheck()', (net) => net.gradientCheck()],
  ['toDocument()', (net) => net.toDocument()],
  ['setting plantedBug', (net) => (net.plantedBug = 'forget-fprime')],
  ['reading plantedBug', (net) => net.plantedBug],
  ['reading layers', (net) => net.layers],
  ['reading batchSize', (net) => net.batchSize],
  ['predict(x)', (net) => net.predict([0.5, 0.25])],
];

test.each(CALLS)('%s after dispose() throws an Error saying the network was disposed', (what, call) => {
  const net = create(doc222());
  net.dispose();
  let error;
  try {
    call(net);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect(error.message).toMatch(DISPOSED);
  expect(engineStillRight(engine)).toEqual([]);
});

test('dispose() twice is harmless and does not free a network created in between', () => {
  const first = create(doc222());
  first.dispose();
  const second = create(doc222({ learningRate: 0.25 })); // may reuse the freed slot
  const before = bitwise(second.run());
  first.dispose();
  expect(bitwise(second.run())).toEqual(before);
  expect(second.toDocument().learningRate).toBe(0.25);
  second.dispose();
});

test('disposing one network leaves the others working', () => {
  const nets = [0.1, 0.2, 0.3].map((learningRate) => create(doc222({ learningRate })));
  nets[1].dispose();
  expect(nets[0].toDocument().learningRate).toBe(0.1);
  expect(nets[2].toDocument().learningRate).toBe(0.3);
  expect(() => nets[1].run()).toThrow(DISPOSED);
  nets[0].dispose();
  nets[2].dispose();
});

test('results returned before dispose() stay valid (plain arrays, not views into WASM memory)', () => {
  const net = create(doc222());
  const r = net.run();
  const check = net.gradientCheck();
  const doc = net.toDocument();
  const copies = bitwise([r, check, doc]);
  net.step();
  net.run();
  net.dispose();
  // churn the engine's memory, so that any view into it would now show other numbers
  for (let k = 0; k < 50; ++k) withNetwork(engine, doc222({ learningRate: k }), (other) => other.gradientCheck());
  expect(bitwise([r, check, doc])).toEqual(copies);
  expect(Array.isArray(r.layers[1].z)).toBe(true);
  expect(Array.isArray(r.gradients[0].W[0])).toBe(true);
});

test('a later run() does not change the result of an earlier one', () => {
  withNetwork(engine, doc222(), (net) => {
    const r = net.run();
    const copy = bitwise(r);
    net.step(5);
    net.run();
    expect(bitwise(r)).toEqual(copy);
  });
});
