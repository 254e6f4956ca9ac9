// A report page printed from the browser (layouts/partials/report.html loads this
// file): a paper cannot be clicked, so every closed section is opened for the print
// and closed again after it. assets/css/report-print.css does the rest.
const opened = []

window.addEventListener('beforeprint', () => {
  for (const details of document.querySelectorAll('main details:not([open])')) {
    details.open = true
    opened.push(details)
  }
})

window.addEventListener('afterprint', () => {
  for (const details of opened.splice(0)) details.open = false
})
