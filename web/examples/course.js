// The demo course page's own script (a file, not an inline <script>: the page's CSP allows
// only script files from the site). Loaded at the end of the body, after the elements.
// The exercise: the full sandbox reports every pass; el.result is the same as net.run().
(function () {
  var el = document.getElementById('full');
  var status = document.getElementById('exercise-status');
  el.addEventListener('pass', function (e) {
    var J = e.detail.loss;
    var done = J < 0.25;
    status.textContent = done
      ? 'Done: J = ' + J.toFixed(4) + ' is below 0.25.'
      : 'J = ' + J.toFixed(4) + ' is still above 0.25.';
    status.classList.toggle('done', done);
  });
})();

// Iframe embeds report their height; size each frame to it.
window.addEventListener('message', function (e) {
  if (!e.data || e.data.type !== 'backprop-sandbox:height') return;
  var frames = document.querySelectorAll('iframe');
  for (var k = 0; k < frames.length; k++) {
    if (frames[k].contentWindow === e.source) frames[k].style.height = e.data.height + 'px';
  }
});
