// The sandbox as an anywidget front-end module (dist/anywidget.js): `export default { render }`
// with render({ model, el }), the contract MyST's {anywidget} directive (Jupyter Book 2) and a
// notebook's anywidget class both call. It puts a <backprop-sandbox> element into `el`
// (loading dist/backprop-sandbox.js from beside this file, once) and keeps it and the model in
// step.
//
// The model's state (in MyST: the directive's JSON body):
//   document   a network document (docs in the README); edits on the page are written back
//   preset     a preset's name, when there is no document
//   lesson     a lesson instead: one that comes with the sandbox ("recursion"), a URL (relative
//              to the page), or the lesson itself (an object, as in a lesson file)
//   views      which views to show, e.g. "network,backward" (the element's `views`)
//   readonly, walk   true to turn them on (the element's attributes of the same names)
//   theme      "light", "dark" or "auto"
//   element_url  where backprop-sandbox.js is served, when not beside this module (a notebook's
//              anywidget inlines the module, so nothing is "beside" it there)
// and what the widget writes for the notebook to read:
//   J          the loss of the network on screen, after every pass
//   document   the network after every edit
//   lesson_progress  with a lesson: after every check { step, title, task, answer, correct },
//              and at the end { complete: true, answers }
// Hand-written, not bundled: it is copied to dist/ as it is.

/** The element's script: the model's element_url, else the file beside this module. */
function elementUrl(model) {
  const given = model.get('element_url');
  return given ? new URL(given, document.baseURI).href : new URL('./backprop-sandbox.js', import.meta.url).href;
}
const ATTRIBUTES = ['views', 'preset', 'theme', 'readonly', 'walk', 'lesson'];

let loading = null;

/** Loads the element's script once per page (a classic script: it defines <backprop-sandbox>). */
function loadElement(url) {
  if (customElements.get('backprop-sandbox')) return Promise.resolve();
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => {
      loading = null;
      reject(new Error(`the sandbox could not load ${url}: keep backprop-sandbox.js beside anywidget.js, or give element_url`));
    };
    document.head.append(script);
  });
  return loading;
}

/** The model's settings as the element's attributes (false or missing: no attribute). */
function applyAttributes(model, sandbox) {
  for (const name of ATTRIBUTES) {
    const value = model.get(name);
    if (name === 'lesson' && typeof value === 'object' && value !== null) continue; // inline: render's
    if (value === undefined || value === null || value === false) sandbox.removeAttribute(name);
    else sandbox.setAttribute(name, value === true ? '' : String(value));
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function render({ model, el }) {
  await loadElement(elementUrl(model));
  const sandbox = document.createElement('backprop-sandbox');
  const lesson = model.get('lesson');
  if (lesson && typeof lesson === 'object') {
    // the lesson itself: the element reads it from an inline JSON child
    const inline = document.createElement('script');
    inline.type = 'application/json';
    inline.textContent = JSON.stringify(lesson);
    sandbox.append(inline);
  }
  applyAttributes(model, sandbox);
  const given = model.get('document');
  if (given) sandbox.document = given; // checked by the engine once it has loaded
  el.append(sandbox);

  const onPass = (event) => {
    model.set('J', event.detail.loss);
    model.save_changes();
  };
  const onChange = (event) => {
    model.set('document', event.detail);
    model.save_changes();
  };
  const onDocument = () => {
    const doc = model.get('document');
    if (!doc || same(doc, sandbox.document)) return;
    try {
      sandbox.document = doc;
    } catch (error) {
      // a refused document leaves the network as it was; the element says why on itself
      console.error(`backprop-sandbox: ${error.message}`);
    }
  };
  const onAttributes = () => applyAttributes(model, sandbox);
  const onLessonStep = (event) => {
    model.set('lesson_progress', event.detail);
    model.save_changes();
  };
  const onLessonComplete = (event) => {
    model.set('lesson_progress', { complete: true, ...event.detail });
    model.save_changes();
  };
  sandbox.addEventListener('pass', onPass);
  sandbox.addEventListener('change', onChange);
  sandbox.addEventListener('lesson-step', onLessonStep);
  sandbox.addEventListener('lesson-complete', onLessonComplete);
  model.on('change:document', onDocument);
  for (const name of ATTRIBUTES) model.on(`change:${name}`, onAttributes);

  return () => {
    model.off('change:document', onDocument);
    for (const name of ATTRIBUTES) model.off(`change:${name}`, onAttributes);
    sandbox.removeEventListener('pass', onPass);
    sandbox.removeEventListener('change', onChange);
    sandbox.removeEventListener('lesson-step', onLessonStep);
    sandbox.removeEventListener('lesson-complete', onLessonComplete);
    sandbox.remove();
  };
}

export default { render };
