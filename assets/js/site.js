// The site's own start-up code. It runs as a module (deferred), so the page is already
// parsed: enable the NHS.UK frontend components, then draw every chart whose ECharts
// option the page carries as JSON. Nothing here fetches from another host.
import { initAll } from '../vendor/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

// A page loaded for print (the build printing a report) shows everything: the
// sections a reader would open, and the charts in them, drawn at once.
const printing = window.matchMedia('print').matches
if (printing) {
  // The board report's extra sections (layouts/outcomes/list.html) are for this print.
  document.documentElement.classList.add('iaptpub-report-print')
  for (const details of document.querySelectorAll('main details')) details.open = true
  // A figure's title, subtitle and chart are kept together on one page
  // (.iaptpub-print-keep in assets/css/report-print.css): the chart is taken out of
  // its tab, into one box with them, and the table follows.
  for (const chart of document.querySelectorAll('.iaptpub-figure [data-chart]')) {
    const figure = chart.closest('.iaptpub-figure')
    const keep = document.createElement('div')
    keep.className = 'iaptpub-print-keep'
    figure.querySelector('.iaptpub-figure__tabs').before(keep)
    keep.append(figure.querySelector('[id$="-title"]'), figure.querySelector('.iaptpub-figure__subtitle'), chart)
  }
}

// A number on a value axis as the site writes numbers (publish/figures, Minus and
// Thousands): thousands separated by commas, and a real minus sign (U+2212), which
// ECharts, left to itself, writes as a hyphen. A formatter is a function, so it cannot
// come with the option's JSON: each value axis gets one here, keeping the axis's
// template ("{value}%").
function writeAxisNumbers (option) {
  const axes = (key) => [].concat(option[key] || [])
  for (const [key, axis] of [...axes('xAxis').map(a => ['x', a]), ...axes('yAxis').map(a => ['y', a])]) {
    const type = axis.type || (key === 'y' ? 'value' : 'category')
    if (type !== 'value' && type !== 'log') continue
    const label = axis.axisLabel = axis.axisLabel || {}
    const template = typeof label.formatter === 'string' ? label.formatter : '{value}'
    label.formatter = (value) => template.replace('{value}',
      (value < 0 ? '\u2212' : '') + Math.abs(value).toLocaleString('en-GB', { maximumFractionDigits: 10 }))
  }
}

function drawCharts () {
  const echarts = window.echarts
  if (!echarts) return
  for (const holder of document.querySelectorAll('[data-chart]')) {
    const source = document.getElementById(holder.dataset.chart)
    if (!source) continue
    // A chart of the board report's extra sections is drawn only for that print: on
    // screen it is not shown, and has no size to be drawn at.
    if (!printing && holder.closest('.iaptpub-report-details')) {
      holder.dataset.drawn = 'not shown'
      continue
    }
    const option = JSON.parse(source.textContent)
    writeAxisNumbers(option)
    if (printing) option.animation = false
    option.aria = Object.assign({ enabled: true }, option.aria)
    // A chart that grows with its rows says how tall it is (set here, not in a style
    // attribute, which the Content-Security-Policy would refuse).
    if (holder.dataset.height) holder.style.height = holder.dataset.height + 'px'
    const chart = echarts.init(holder, null, { renderer: 'svg' })
    chart.setOption(option)
    holder.dataset.drawn = 'true'
    window.addEventListener('resize', () => chart.resize())
  }
}

drawCharts()

// On a phone NHS.UK tabs stay links and every panel shows, so a figure's table followed
// its chart in full: 137 stacked rows under the benchmark's funnel. There the table
// waits behind a button (CSS hides it below the tablet breakpoint, where the tabs are
// not started); with no script it shows, as the tabs' panels do.
function tableButtons () {
  for (const table of document.querySelectorAll('.iaptpub-figure__table')) {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small iaptpub-figure__show-table'
    button.setAttribute('aria-controls', table.id)
    const show = (open) => {
      table.classList.toggle('iaptpub-figure__table--open', open)
      button.setAttribute('aria-expanded', String(open))
      button.textContent = open ? 'Hide the table' : 'Show the figures as a table'
    }
    show(false)
    button.addEventListener('click', () => show(button.getAttribute('aria-expanded') !== 'true'))
    table.before(button)
  }
}

if (!printing) tableButtons()

// A page printed as a report (layouts/partials/report.html): its contents page lists
// the page's sections, and every link gets the full address that the print stylesheet
// prints after it. The address is made from the site's own base URL, not from where
// the page happens to be served (the build prints it from this machine).
function prepareReport () {
  const report = document.querySelector('[data-report-site]')
  if (!report) return
  const contents = report.querySelector('[data-report-contents]')
  for (const heading of document.querySelectorAll('main h2[id]')) {
    const item = document.createElement('li')
    const link = document.createElement('a')
    link.href = '#' + heading.id
    link.textContent = heading.textContent
    item.append(link)
    contents.append(item)
  }
  const site = report.dataset.reportSite
  const host = /^https?:\/\//.test(site) ? new URL(site).origin : ''
  for (const link of document.querySelectorAll('main a[href]')) {
    const href = link.getAttribute('href')
    if (href.startsWith('#')) continue
    const address = new URL(href, window.location.href)
    link.dataset.address = address.origin === window.location.origin
      ? host + address.pathname + address.search + address.hash
      : address.href
    if (link.classList.contains('iaptpub-report-address')) link.textContent = link.dataset.address
    // Printed by the build, a link must lead to the site, not to where the build
    // served the page: to its full address, or nowhere when the site has no host.
    if (printing) {
      if (host || address.origin !== window.location.origin) link.href = link.dataset.address
      else link.removeAttribute('href')
    }
  }
}

prepareReport()

// The search page: Pagefind's interface over the index built with the site, started
// with the words typed into the header's search box (?q=…).
function startSearch () {
  const holder = document.getElementById('site-search')
  if (!holder || !window.PagefindUI) return
  const ui = new window.PagefindUI({ element: '#site-search', bundlePath: holder.dataset.bundle, showSubResults: true, showImages: false })
  const q = new URLSearchParams(window.location.search).get('q')
  if (q) ui.triggerSearch(q)
}

// pagefind-ui.js is a deferred classic script after this module, so wait for the page to load.
window.addEventListener('load', startSearch)
