// The site's own start-up code. It runs as a module (deferred), so the page is already
// parsed: enable the NHS.UK frontend components, then draw every chart whose ECharts
// option the page carries as JSON. Nothing here fetches from another host.
import { initAll } from '../vendor/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

function drawCharts () {
  const echarts = window.echarts
  if (!echarts) return
  for (const holder of document.querySelectorAll('[data-chart]')) {
    const source = document.getElementById(holder.dataset.chart)
    if (!source) continue
    const option = JSON.parse(source.textContent)
    option.aria = Object.assign({ enabled: true }, option.aria)
    const chart = echarts.init(holder, null, { renderer: 'svg' })
    chart.setOption(option)
    holder.dataset.drawn = 'true'
    window.addEventListener('resize', () => chart.resize())
  }
}

drawCharts()

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
