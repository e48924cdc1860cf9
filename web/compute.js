// The page's one door to the engine. Every number the page shows comes from here, through
// the public API (index.d.ts): the pass of a document, one gradient step, the gradient
// check, predictions over a grid, and training sessions. Nothing else in web/ creates a
// network.
//
// Documents are never changed once made (the store makes new ones), so a pass is kept per
// document object: the views, the walkthrough and the check all ask for the same pass and
// the engine runs it once. A refused document throws the engine's DocumentError.

/** Deep copy of plain JSON data. */
const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * @param engine what loadEngine() resolves to
 * @returns the page's compute service (see the methods below)
 */
export function createCompute(engine) {
  // doc -> Map(bug -> outcome): the last passes, dropped with their documents.
  let passes = new WeakMap();
  // One network kept for predictions over a grid or under the pointer (the heatmap): built
  // when a document is first asked about, disposed when another one is.
  let predictor = { doc: null, net: null };

  function withNetwork(doc, bug, fn) {
    const net = engine.createNetwork(doc);
    try {
      const bugMessage = plant(net, bug);
      return fn(net, bugMessage);
    } finally {
      net.dispose();
    }
  }

  /** Sets net.plantedBug; returns the engine's reason if it refuses, else null. */
  function plant(net, bug) {
    if (!bug || bug === 'none') return null;
    try {
      net.plantedBug = bug;
      return null;
    } catch (err) {
      return err.message;
    }
  }

  return {
    /** The names the engine knows: activations, losses and planted bugs, in its order. */
    names: Object.freeze({ activations: engine.activations, losses: engine.losses, plantedBugs: engine.plantedBugs }),
    limits: engine.limits,

    /** null, or { field, message } for a document the engine refuses. */
    validate: (doc) => engine.validate(doc),

    /**
     * The forward and backward pass of doc: { result, doc, bugMessage }. result is the
     * engine's PassResult (the whole batch); doc is the document with every weight and bias
     * the engine used (missing ones initialised from the seed); bugMessage says why a
     * planted bug could not run on this network (the pass is then the correct one).
     */
    pass(doc, bug = 'none') {
      let byBug = passes.get(doc);
      if (!byBug) passes.set(doc, (byBug = new Map()));
      let outcome = byBug.get(bug);
      if (!outcome) {
        outcome = withNetwork(doc, bug, (net, bugMessage) => {
          const result = net.run();
          const filled = net.toDocument();
          return Object.freeze({ result, doc: filled, bugMessage });
        });
        byBug.set(bug, outcome);
      }
      return outcome;
    },

    /**
     * One gradient descent step with learning rate alpha (and the planted bug, if any):
     * { weights, biases, Jbefore }. Throws DivergenceError when the step would leave NaN or
     * infinity (nothing changes then).
     */
    step(doc, alpha, bug = 'none') {
      return withNetwork(doc, bug, (net) => {
        const Jbefore = net.step(alpha);
        const after = net.toDocument();
        return { weights: after.weights, biases: after.biases, Jbefore };
      });
    },

    /** net.gradientCheck() of doc with the bug planted: per parameter, backprop vs central differences. */
    gradientCheck(doc, bug = 'none') {
      return withNetwork(doc, bug, (net) => net.gradientCheck());
    },

    /** The output a^(L) for each of `inputs` (rows), with doc's parameters. */
    predict(doc, inputs) {
      if (predictor.doc !== doc) {
        predictor.net?.dispose();
        predictor = { doc, net: null };
        predictor.net = engine.createNetwork(doc);
      }
      return predictor.net.predict(inputs);
    },

    /**
     * A training session: one live network, trained epoch by epoch, until dispose().
     * session.trainEpochs(n, options) returns the loss curve (throws DivergenceError with
     * .curve when a step would diverge); session.parameters() the current weights and
     * biases; session.predict(inputs) the output with them.
     */
    session(doc) {
      const net = engine.createNetwork(doc);
      let open = true;
      return {
        trainEpochs: (n, options) => net.trainEpochs(n, options),
        parameters() {
          const d = net.toDocument();
          return { weights: d.weights, biases: d.biases };
        },
        predict: (inputs) => net.predict(inputs),
        get open() { return open; },
        dispose() {
          if (!open) return;
          open = false;
          net.dispose();
        },
      };
    },

    /**
     * The worked solution of one gradient step on doc: writer is teach/solution.js's
     * workedSolution (passed in, so that the page loads it only with the Instructor view).
     */
    solution: (writer, doc, options) => writer(engine, doc, options),

    /** Drops what is kept (the passes and the predictor's network). */
    dispose() {
      predictor.net?.dispose();
      predictor = { doc: null, net: null };
      passes = new WeakMap();
    },

    clone,
  };
}
