// The few behaviours the pages need beyond HTML and htmx (no build chain, no inline script: the
// Content-Security-Policy allows scripts from this site only).
document.addEventListener('htmx:configRequest', function (event) {
  // htmx requests carry the CSRF token the layout puts in its meta tags
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

document.addEventListener('DOMContentLoaded', function () {
  // a drop zone: dropping a file on it fills its file input (the picker keeps working too)
  document.querySelectorAll('[data-dropzone]').forEach(function (zone) {
    var input = zone.querySelector('input[type=file]');
    var label = zone.querySelector('[data-dropzone-name]');
    function show() {
      if (label) {
        label.textContent = input.files.length ? input.files[0].name : '';
      }
    }
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    input.addEventListener('change', show);
  });
  // a button that asks before it acts: data-confirm="question"
  document.querySelectorAll('[data-confirm]').forEach(function (element) {
    var form = element.closest('form');
    if (form) {
      form.addEventListener('submit', function (e) {
        if (e.submitter === element && !window.confirm(element.getAttribute('data-confirm'))) {
          e.preventDefault();
        }
      });
    }
  });
});
